// The resolver's only doors to the network, injected (STYLE.md: pure cores, injected I/O).
import {
  hostOf,
  networkVerdict,
  parseRetryAfter,
  stallTimer,
  StallError,
  withRetry,
  type RetryEvent,
  type RetryOptions,
  type RetryVerdict,
} from '../shared/retry'
import { readBody } from '../shared/readBody'
import { HttpError } from './errors'

export interface Fetcher {
  /** Parsed JSON of `url`; throws HttpError for a non-2xx answer, anything else for no answer. */
  json(url: string, signal?: AbortSignal, opts?: { accept?: string }): Promise<unknown>
}

export interface BytesFetcher {
  /** `isReload` skips the HTTP cache (a refetch after a corrupt download). */
  fetchBytes(
    url: string,
    onProgress?: (loaded: number, total?: number) => void,
    opts?: { isReload?: boolean },
  ): Promise<Uint8Array>
}

export interface FetcherOptions {
  /** Tries after the first for a transient failure (network error, 5xx, 408, 429, a stalled transfer); default 2. */
  retries?: number
  /** Wait before the first retry, doubled (with jitter) for each one after; see src/shared/retry.ts. */
  backoffMs?: number
  /** A request with no response or no new bytes for this long is aborted and counts as transient. */
  idleTimeoutMs?: number
  /** Told before each retry, so a launch can say why it waits. */
  onRetry?: (e: RetryEvent & { url: string }) => void
  sleep?: RetryOptions['sleep']
  random?: RetryOptions['random']
}

// The launch worker names hosts in its retry lines through the resolver's surface.
export { hostOf }

// The shared rules, plus a JSON answer that does not parse: it may be a body cut short, and a
// second try tells that from a wrong page.
const verdict = (e: unknown): RetryVerdict =>
  e instanceof SyntaxError ? { isRetryable: true, reason: e.message } : networkVerdict(e)

/**
 * The real Fetcher and BytesFetcher over a `fetch` function, chosen in entry files. Transient
 * failures are retried by src/shared/retry.ts's rules; a body is read whole before it counts as got, so
 * a connection cut mid-transfer is retried too, not handed on half-read.
 */
export function createHttpFetcher(fetchFn: typeof fetch, opts: FetcherOptions = {}): Fetcher & BytesFetcher {
  const idleMs = opts.idleTimeoutMs ?? 30_000

  async function attempt<T>(
    url: string,
    signal: AbortSignal | undefined,
    isReload: boolean,
    read: (res: Response, touch: () => void) => Promise<T>,
    accept?: string,
  ): Promise<T> {
    const ctl = new AbortController()
    const onAbort = () => ctl.abort(signal?.reason)
    signal?.addEventListener('abort', onAbort)
    const timer = stallTimer(url, idleMs, (e) => ctl.abort(e))
    try {
      // `Accept` with a PEP 691 media type is CORS-safelisted: no preflight.
      const headers = accept ? { Accept: accept } : undefined
      const res = await fetchFn(
        url,
        isReload ? { signal: ctl.signal, headers, cache: 'reload' } : { signal: ctl.signal, headers },
      )
      if (!res.ok) throw new HttpError(url, res.status, parseRetryAfter(res.headers.get('retry-after'), Date.now()))
      timer.touch()
      return await read(res, timer.touch)
    } catch (e) {
      // An abort by the idle timer surfaces as an AbortError; report the stall instead.
      if (ctl.signal.reason instanceof StallError && !signal?.aborted) throw ctl.signal.reason
      throw e
    } finally {
      timer.stop()
      signal?.removeEventListener('abort', onAbort)
    }
  }

  const withRetries = <T>(
    url: string,
    signal: AbortSignal | undefined,
    isReload: boolean,
    read: (res: Response, touch: () => void) => Promise<T>,
    accept?: string,
  ): Promise<T> =>
    withRetry(() => attempt(url, signal, isReload, read, accept), verdict, {
      attempts: (opts.retries ?? 2) + 1,
      baseMs: opts.backoffMs,
      signal,
      sleep: opts.sleep,
      random: opts.random,
      onRetry: (e) => opts.onRetry?.({ ...e, url }),
    })

  return {
    json: (url, signal, o) =>
      withRetries(url, signal, false, async (res) => JSON.parse(await res.text()) as unknown, o?.accept),
    fetchBytes: (url, onProgress, o) =>
      withRetries(url, undefined, o?.isReload === true, (res, touch) => readBody(res, touch, onProgress)),
  }
}
