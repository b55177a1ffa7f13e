// Fault injection for the local test servers (issue 10): a switch per path that makes the next
// matching requests fail the way real networks do, so specs can prove retries, timeouts and
// coded errors against a real server instead of page.route fakes.
import type { IncomingMessage, ServerResponse } from 'node:http'

export type FaultMode =
  /** Send some body bytes, then drop the connection (a reset mid-transfer). */
  | 'close-mid'
  /** End the body cleanly but early: no Content-Length, so only the content can tell. */
  | 'truncate'
  /** 200 with an HTML page instead of what was asked for (a captive portal, a proxy's page). */
  | 'wrong-type'
  /** HTTP 500. */
  | 'status-500'
  /** Answer only after `delayMs` (default 5 s). */
  | 'slow'
  /** Answer only once the test calls `release()`: "still downloading" without a clock. */
  | 'hold'
  /** Any HTTP `status` (default 503), with `retryAfter` as its Retry-After header when given. */
  | 'status'

export interface FaultRule {
  /**
   * Applies to request paths containing this string; one ending in `$` only to paths ending in the
   * rest (a wheel, and not its PEP 658 `.metadata` file beside it).
   */
  match: string
  mode: FaultMode
  /** How many matching requests fail before the rule heals itself; undefined = until cleared. */
  times?: number
  /** `close-mid`/`truncate`: body bytes let through first (default 64). */
  afterBytes?: number
  delayMs?: number
  /** `status`: the status to answer with. */
  status?: number
  /** `status`: the Retry-After header's value (seconds or an HTTP-date). */
  retryAfter?: string
}

export interface FaultSwitch {
  /** Adds a rule; `clear()` removes them all and forgets the hits. */
  set(rule: FaultRule): void
  clear(): void
  /** Requests that met a fault, as `mode path`, for assertions. */
  readonly hits: string[]
  /** Lets every request held by a `hold` rule go on (and those held later, until `clear()`). */
  release(): void
  /** Runs `next` for a request, or fails it as the first matching rule says. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void
  /** A request listener that goes through `handle` first. */
  wrap(
    listener: (req: IncomingMessage, res: ServerResponse) => void,
  ): (req: IncomingMessage, res: ServerResponse) => void
}

export function createFaultSwitch(): FaultSwitch {
  let rules: Array<FaultRule & { left: number }> = []
  const hits: string[] = []
  let held: Array<() => void> = []
  let isReleased = false
  return {
    hits,
    release() {
      isReleased = true
      for (const next of held.splice(0)) next()
    },
    wrap(listener) {
      return (req, res) => this.handle(req, res, () => listener(req, res))
    },
    set(rule) {
      rules.push({ ...rule, left: rule.times ?? Infinity })
    },
    clear() {
      rules = []
      hits.length = 0
      held = []
      isReleased = false
    },
    handle(req, res, next) {
      const path = req.url ?? '/'
      const matches = (m: string) => (m.endsWith('$') ? path.endsWith(m.slice(0, -1)) : path.includes(m))
      const rule = req.method === 'OPTIONS' ? undefined : rules.find((r) => r.left > 0 && matches(r.match))
      if (!rule) return next()
      rule.left -= 1
      hits.push(`${rule.mode} ${path}`)
      // A fault the page cannot read (no CORS) would look like a network error whatever it was.
      res.setHeader('Access-Control-Allow-Origin', '*')
      switch (rule.mode) {
        case 'status-500':
          return void res
            .writeHead(500, { 'Content-Type': 'text/plain' })
            .end('injected fault: internal server error\n')
        case 'wrong-type':
          return void res
            .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
            .end('<!DOCTYPE html><html><body><p>Please sign in to the network.</p></body></html>\n')
        case 'slow':
          return void setTimeout(next, rule.delayMs ?? 5000)
        case 'hold':
          return void (isReleased ? next() : held.push(next))
        case 'status': {
          // Retry-After is not a CORS-safelisted response header: the page sees it only when exposed.
          const after =
            rule.retryAfter === undefined
              ? {}
              : { 'Retry-After': rule.retryAfter, 'Access-Control-Expose-Headers': 'Retry-After' }
          return void res
            .writeHead(rule.status ?? 503, { 'Content-Type': 'text/plain', ...after })
            .end(`injected fault: HTTP ${rule.status ?? 503}\n`)
        }
        case 'close-mid':
        case 'truncate':
          cutBody(res, rule.afterBytes ?? 64, rule.mode === 'truncate')
          return next()
      }
    },
  }
}

/** Lets `limit` body bytes through; then resets the socket, or (`isClean`) ends the body there. */
function cutBody(res: ServerResponse, limit: number, isClean: boolean): void {
  let sent = 0
  let isCut = false
  const write = res.write.bind(res) as (chunk: Buffer) => boolean
  const end = res.end.bind(res) as () => ServerResponse
  if (isClean) {
    // Without a length the client cannot know the body was cut.
    const writeHead = res.writeHead.bind(res) as (status: number, headers?: Record<string, unknown>) => ServerResponse
    res.writeHead = ((status: number, headers?: Record<string, unknown>) => {
      res.removeHeader('content-length')
      const h = { ...(headers ?? {}) }
      for (const k of Object.keys(h)) if (k.toLowerCase() === 'content-length') delete h[k]
      return writeHead(status, h)
    }) as ServerResponse['writeHead']
  }
  const cut = () => {
    isCut = true
    if (isClean) end()
    else res.socket?.destroy()
  }
  res.write = ((chunk: string | Uint8Array) => {
    if (isCut) return true
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk)
    const room = limit - sent
    sent += buf.byteLength
    if (buf.byteLength < room) return write(buf)
    if (room > 0) write(buf.subarray(0, room))
    cut()
    return true
  }) as ServerResponse['write']
  res.end = ((chunk?: string | Uint8Array | (() => void)) => {
    if (chunk !== undefined && typeof chunk !== 'function') res.write(chunk)
    if (!isCut) {
      // The whole body fitted under the limit: cut anyway, since the rule asked for a fault.
      cut()
    }
    return res
  }) as ServerResponse['end']
}
