import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git'
import { parseRetryAfter, statusVerdict, StallError } from '../shared/retry'
import { RepoHttpStatusError } from './repoRetry'

/** Default silence before a git request is given up (config.networkTimeoutMs overrides it). */
export const IDLE_TIMEOUT_MS = 30_000

function within<T>(p: Promise<T>, ms: number, url: string): Promise<T> {
  let t: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, fail) => {
    t = setTimeout(() => fail(new StallError(url, ms)), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(t))
}

// The repository's URL, not the endpoint's, in messages: `…/r.git`, not `…/r.git/info/refs?service=…`.
const repoUrlOf = (url: string) => url.replace(/\/(info\/refs\?.*|git-upload-pack)$/, '')

/**
 * Wraps an isomorphic-git HTTP client with the network rules of src/shared/retry.ts: a server that
 * stops answering fails the request after `ms` of silence instead of hanging the launch, and a
 * status worth retrying (408, 429, 5xx) fails as RepoHttpStatusError with its Retry-After, which
 * isomorphic-git's own HttpError would drop. isomorphic-git passes no AbortSignal from a clone to
 * its client, so a stalled request is abandoned rather than cancelled.
 */
export function idleHttp(inner: HttpClient, ms: number, now: () => number = Date.now): HttpClient {
  return {
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      const res = await within(inner.request(req), ms, req.url)
      if (statusVerdict(res.statusCode).isRetryable) {
        throw new RepoHttpStatusError(
          repoUrlOf(req.url),
          res.statusCode,
          parseRetryAfter(res.headers?.['retry-after'], now()),
        )
      }
      const body = res.body
      if (!body) return res
      async function* watched(): AsyncGenerator<Uint8Array> {
        const it = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
        for (;;) {
          const next = await within(it.next(), ms, req.url)
          if (next.done) return
          yield next.value
        }
      }
      return { ...res, body: watched() }
    },
  }
}
