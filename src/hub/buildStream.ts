import { createParser } from 'eventsource-parser'
import { AppError } from '../shared/errors'

/** BinderHub's build phases, as its event stream names them. */
export type HubPhase =
  'waiting' | 'fetching' | 'building' | 'built' | 'pushing' | 'launching' | 'ready' | 'failed' | 'unknown'

export interface HubEvent {
  phase: HubPhase
  message: string
  url?: string
  token?: string
}

const PHASES = new Set<string>([
  'waiting',
  'fetching',
  'building',
  'built',
  'pushing',
  'launching',
  'ready',
  'failed',
  'unknown',
])

/** Validates one `data:` payload at the edge; anything unexpected becomes a plain log line. */
export function readHubEvent(data: string): HubEvent {
  let x: unknown
  try {
    x = JSON.parse(data)
  } catch {
    return { phase: 'unknown', message: data }
  }
  const o = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>
  const phase = typeof o.phase === 'string' && PHASES.has(o.phase) ? (o.phase as HubPhase) : 'unknown'
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined)
  return { phase, message: str('message') ?? '', url: str('url'), token: str('token') }
}

/**
 * Follows a BinderHub build (`GET /build/<provider>/<spec>`, text/event-stream) until `ready` or
 * `failed`. Uses fetch rather than EventSource so that a refused stream (CORS, network, HTTP error)
 * is told apart from a build that failed, and so the same code runs in Node tests.
 * Resolves with the ready event; rejects with HUB_UNREACHABLE (never got a stream, or it dropped)
 * or HUB_BUILD_FAILED.
 */
export async function followBuild(
  url: string,
  io: { fetch: typeof fetch; onEvent: (e: HubEvent) => void; signal?: AbortSignal },
): Promise<HubEvent> {
  let res: Response
  try {
    res = await io.fetch(url, { headers: { accept: 'text/event-stream' }, signal: io.signal })
  } catch (e) {
    throw new AppError(
      'HUB_UNREACHABLE',
      `cannot open the build stream ${url}: ${e instanceof Error ? e.message : String(e)}`,
      { url },
    )
  }
  if (!res.ok || !res.body)
    throw new AppError('HUB_UNREACHABLE', `the build stream ${url} answered HTTP ${res.status}`, {
      url,
      status: res.status,
    })
  let final: HubEvent | undefined
  const parser = createParser({
    onEvent: (m) => {
      if (final) return
      const ev = readHubEvent(m.data)
      io.onEvent(ev)
      if (ev.phase === 'ready' || ev.phase === 'failed') final = ev
    },
  })
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
  try {
    while (!final) {
      const { done, value } = await reader.read()
      if (done) break
      parser.feed(value)
    }
  } catch (e) {
    throw new AppError('HUB_UNREACHABLE', `the build stream dropped: ${e instanceof Error ? e.message : String(e)}`, {
      url,
    })
  } finally {
    reader.cancel().catch(() => undefined)
  }
  if (!final) throw new AppError('HUB_UNREACHABLE', 'the build stream ended before the server was ready', { url })
  if (final.phase === 'failed')
    throw new AppError('HUB_BUILD_FAILED', `the hub could not build this repository: ${final.message}`, {
      url,
      message: final.message,
    })
  return final
}
