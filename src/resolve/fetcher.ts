// The resolver's only doors to the network, injected (STYLE.md: pure cores, injected I/O).
import { HttpError } from './errors'

export interface Fetcher {
  /** Parsed JSON of `url`; throws HttpError for a non-2xx answer, anything else for no answer. */
  json(url: string, signal?: AbortSignal, opts?: { accept?: string }): Promise<unknown>
}

export interface BytesFetcher {
  /** `isReload` skips the HTTP cache (a refetch after a corrupt download). */
  fetchBytes(url: string, onProgress?: (loaded: number, total?: number) => void, opts?: { isReload?: boolean }): Promise<Uint8Array>
}

export interface RetryOptions {
  /** Attempts after the first for a transient failure (network error, 5xx, 429, a stalled transfer). */
  retries?: number
  /** Wait before the first retry; doubled for each one after (exponential backoff). */
  backoffMs?: number
  /** A request with no response or no new bytes for this long is aborted and counts as transient. */
  idleTimeoutMs?: number
  /** Told before each retry, so a launch can say why it waits. */
  onRetry?: (url: string, attempt: number, reason: string) => void
  sleep?: (ms: number) => Promise<void>
}

// Made in a timer callback, where a throw (`new URL` of a relative URL) would leave the request hanging.
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** A stalled transfer, aborted by the idle timer. */
export class StalledError extends Error {
  constructor(readonly url: string, readonly ms: number) {
    super(`no data from ${hostOf(url)} for ${Math.round(ms / 1000)} s`)
    this.name = 'StalledError'
  }
}

// 5xx and 429 are a busy or broken server that may recover; other statuses will not change.
const isTransientStatus = (status: number) => status >= 500 || status === 429
// fetch() rejects with a TypeError for refused, reset and cut connections (and CORS) alike.
// A JSON answer that does not parse may be a body cut short; a second try tells it from a wrong page.
const isTransient = (e: unknown) => e instanceof StalledError || e instanceof TypeError || e instanceof SyntaxError
  || (e instanceof HttpError && isTransientStatus(e.status))

/** Aborts `ctl` when `touch()` has not been called for `ms`; `stop()` when done. */
function idleTimer(ctl: AbortController, url: string, ms: number) {
  let t: ReturnType<typeof setTimeout> | undefined
  const touch = () => {
    clearTimeout(t)
    if (Number.isFinite(ms)) t = setTimeout(() => ctl.abort(new StalledError(url, ms)), ms)
  }
  touch()
  return { touch, stop: () => clearTimeout(t) }
}

/**
 * The real Fetcher and BytesFetcher over a `fetch` function, chosen in entry files. Transient
 * failures are retried with exponential backoff; a body is read whole before it counts as got, so
 * a connection cut mid-transfer is retried too, not handed on half-read.
 */
export function createHttpFetcher(fetchFn: typeof fetch, opts: RetryOptions = {}): Fetcher & BytesFetcher {
  const retries = opts.retries ?? 2
  const backoffMs = opts.backoffMs ?? 500
  const idleMs = opts.idleTimeoutMs ?? 30_000
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)))

  async function attempt<T>(url: string, signal: AbortSignal | undefined, isReload: boolean, read: (res: Response, touch: () => void) => Promise<T>, accept?: string): Promise<T> {
    const ctl = new AbortController()
    const onAbort = () => ctl.abort(signal?.reason)
    signal?.addEventListener('abort', onAbort)
    const timer = idleTimer(ctl, url, idleMs)
    try {
      // `Accept` with a PEP 691 media type is CORS-safelisted: no preflight.
      const headers = accept ? { Accept: accept } : undefined
      const res = await fetchFn(url, isReload ? { signal: ctl.signal, headers, cache: 'reload' } : { signal: ctl.signal, headers })
      if (!res.ok) throw new HttpError(url, res.status)
      timer.touch()
      return await read(res, timer.touch)
    } catch (e) {
      // An abort by the idle timer surfaces as an AbortError; report the stall instead.
      if (ctl.signal.reason instanceof StalledError && !signal?.aborted) throw ctl.signal.reason
      throw e
    } finally {
      timer.stop()
      signal?.removeEventListener('abort', onAbort)
    }
  }

  async function withRetries<T>(url: string, signal: AbortSignal | undefined, isReload: boolean, read: (res: Response, touch: () => void) => Promise<T>, accept?: string): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await attempt(url, signal, isReload, read, accept)
      } catch (e) {
        if (i >= retries || !isTransient(e) || signal?.aborted) throw e
        opts.onRetry?.(url, i + 2, e instanceof Error ? e.message : String(e))
        await sleep(backoffMs * 2 ** i)
      }
    }
  }

  return {
    json: (url, signal, o) => withRetries(url, signal, false, async (res) => JSON.parse(await res.text()) as unknown, o?.accept),
    fetchBytes: (url, onProgress, o) => withRetries(url, undefined, o?.isReload === true, async (res, touch) => {
      const length = Number(res.headers.get('content-length'))
      const total = Number.isFinite(length) && length > 0 ? length : undefined
      if (!res.body) return new Uint8Array(await res.arrayBuffer())
      const chunks: Uint8Array[] = []
      let loaded = 0
      for (const reader = res.body.getReader(); ;) {
        const { done, value } = await reader.read()
        if (done) break
        touch()
        chunks.push(value)
        loaded += value.length
        onProgress?.(loaded, total)
      }
      const bytes = new Uint8Array(loaded)
      let at = 0
      for (const c of chunks) { bytes.set(c, at); at += c.length }
      return bytes
    }),
  }
}
