import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git'

/** Default silence before a git request is given up (config.networkTimeoutMs overrides it). */
export const IDLE_TIMEOUT_MS = 30_000

/** No answer, or no new bytes, for this long: the transfer is given up (and retried by cloneRepo). */
export class GitStalledError extends Error {
  constructor(readonly url: string, readonly ms: number) {
    super(`no data from ${url} for ${Math.round(ms / 1000)} s`)
    this.name = 'GitStalledError'
  }
}

function within<T>(p: Promise<T>, ms: number, url: string): Promise<T> {
  let t: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, fail) => { t = setTimeout(() => fail(new GitStalledError(url, ms)), ms) })
  return Promise.race([p, timeout]).finally(() => clearTimeout(t))
}

/**
 * Wraps an isomorphic-git HTTP client so a server that stops answering fails the request after
 * `ms` of silence instead of hanging the launch. isomorphic-git passes no AbortSignal to its
 * client, so a stalled request is abandoned rather than cancelled.
 */
export function idleHttp(inner: HttpClient, ms: number): HttpClient {
  return {
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      const res = await within(inner.request(req), ms, req.url)
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
