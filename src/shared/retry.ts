// One retry policy for every network request Quire makes (package index, wheels, git, GitHub's
// REST API): which failures may pass on a second try, how long to wait, and a word to the user
// for each retry. Pure: sleep, clock and randomness are injected, so tests need no real waits.

/** One retry about to happen: the try it will be (2 = first retry), the wait before it, and why. */
export interface RetryEvent {
  attempt: number
  waitMs: number
  reason: string
}

/** What a failure means for the next try; `afterMs` is the server's own wish (Retry-After). */
export type RetryVerdict = { isRetryable: false } | { isRetryable: true; reason: string; afterMs?: number }

/** Tries in all, the first included, unless a caller says otherwise. */
export const DEFAULT_ATTEMPTS = 3

export interface RetryOptions {
  /** Tries in all, the first included (DEFAULT_ATTEMPTS). */
  attempts?: number
  /** Wait before the first retry, doubled for each one after (default 500 ms). */
  baseMs?: number
  /**
   * Longest wait Quire accepts; a server asking for more (Retry-After) gets its failure reported instead (default 60
   * s).
   */
  maxWaitMs?: number
  /** A cancelled launch is never retried, and a wait ends when it is aborted. */
  signal?: AbortSignal
  onRetry?: (e: RetryEvent) => void
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** In [0, 1): spreads the waits of many clients that failed at once (jitter). */
  random?: () => number
}

/** No answer, or no new bytes, for `ms`: the request was given up and may be retried. */
export class StallError extends Error {
  constructor(
    readonly url: string,
    readonly ms: number,
  ) {
    super(`no data from ${hostOf(url)} for ${Math.round(ms / 1000)} s`)
    this.name = 'StallError'
  }
}

/**
 * Calls `onStall` once `touch()` has not been called for `ms` (a request that got no answer or no
 * new bytes); `stop()` when the request is done. Infinity never stalls.
 */
export function stallTimer(url: string, ms: number, onStall: (e: StallError) => void): { touch(): void; stop(): void } {
  let t: ReturnType<typeof setTimeout> | undefined
  const touch = () => {
    clearTimeout(t)
    if (Number.isFinite(ms)) t = setTimeout(() => onStall(new StallError(url, ms)), ms)
  }
  touch()
  return { touch, stop: () => clearTimeout(t) }
}

// Made in timer callbacks, where a throw (`new URL` of a relative URL) would leave a request hanging.
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url
  } catch {
    return url
  }
}

/**
 * Retry-After (RFC 9110 §10.2.3) in ms from `now`: delay-seconds or an HTTP-date; undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const at = Date.parse(v)
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined
}

/**
 * An HTTP status: 408, 429 and 5xx are a busy or broken server that may recover; any other 4xx
 * will answer the same again. Retry-After counts only where RFC 9110 gives it that meaning
 * for a retry (429, 503).
 */
export function statusVerdict(status: number, retryAfterMs?: number): RetryVerdict {
  if (status !== 408 && status !== 429 && status < 500) return { isRetryable: false }
  const afterMs = status === 429 || status === 503 ? retryAfterMs : undefined
  return { isRetryable: true, reason: `HTTP ${status}`, ...(afterMs !== undefined ? { afterMs } : {}) }
}

function hasStatus(e: unknown): e is { status: number; retryAfterMs?: number } {
  return typeof e === 'object' && e !== null && 'status' in e && typeof e.status === 'number'
}

/**
 * The failures every request shares: a stall, an error carrying an HTTP `status` (and maybe
 * `retryAfterMs`), and fetch's TypeError, which stands for refused, reset and cut connections alike.
 */
export function networkVerdict(e: unknown): RetryVerdict {
  if (e instanceof StallError) return { isRetryable: true, reason: e.message }
  if (hasStatus(e)) return statusVerdict(e.status, e.retryAfterMs)
  if (e instanceof TypeError) return { isRetryable: true, reason: e.message }
  return { isRetryable: false }
}

/** Exponential backoff, `baseMs · 2^(n-1)` before retry n, jittered down by up to half. */
export function backoffMs(retry: number, baseMs: number, random: () => number): number {
  return Math.round(baseMs * 2 ** (retry - 1) * (1 - random() / 2))
}

const realSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((ok, fail) => {
    // An already-aborted signal fires no more 'abort' events.
    if (signal?.aborted) return fail(signal.reason)
    const t = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
    function done() {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      if (signal?.aborted) fail(signal.reason)
      else ok()
    }
  })

/**
 * Runs `work` until it succeeds, `classify` calls its failure lasting, the tries run out or
 * `signal` is aborted; then the last failure is thrown as it was. `work` is told which try it is.
 */
export async function withRetry<T>(
  work: (attempt: number) => Promise<T>,
  classify: (e: unknown) => RetryVerdict,
  o: RetryOptions = {},
): Promise<T> {
  const attempts = o.attempts ?? DEFAULT_ATTEMPTS
  const sleep = o.sleep ?? realSleep
  const random = o.random ?? Math.random
  const maxWaitMs = o.maxWaitMs ?? 60_000
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt)
    } catch (e) {
      if (o.signal?.aborted || attempt >= attempts) throw e
      const v = classify(e)
      if (!v.isRetryable) throw e
      const waitMs = v.afterMs ?? backoffMs(attempt, o.baseMs ?? 500, random)
      if (waitMs > maxWaitMs) throw e
      o.onRetry?.({ attempt: attempt + 1, waitMs, reason: v.reason })
      await sleep(waitMs, o.signal)
    }
  }
}

/** "try 2 of 3 for pypi.org in 0.5 s, after: HTTP 503": a retry on the launch screen and in its log. */
export function describeRetry(e: RetryEvent, host: string, attempts = DEFAULT_ATTEMPTS): string {
  return `try ${e.attempt} of ${attempts} for ${host} in ${(e.waitMs / 1000).toFixed(1)} s, after: ${e.reason}`
}
