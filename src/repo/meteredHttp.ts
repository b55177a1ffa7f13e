import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git'
import { RepoTooLargeError } from './errors'

/**
 * Wraps an isomorphic-git HTTP client so every response byte is counted: the count feeds the
 * progress line, and a repository past `limit` bytes is stopped while it streams, before the
 * tab has to hold it all (isomorphic-git buffers a whole pack in memory).
 */
export function meteredHttp(
  inner: HttpClient,
  o: { url: string; limit: number; onBytes?: (total: number) => void },
): HttpClient & { bytes(): number } {
  let total = 0
  return {
    // isomorphic-git rewraps errors thrown from inside a body stream; callers check this instead.
    bytes: () => total,
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      const res = await inner.request(req)
      const body = res.body
      if (!body) return res
      async function* counted(): AsyncGenerator<Uint8Array> {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          total += chunk.byteLength
          if (total > o.limit) throw new RepoTooLargeError(o.url, total, o.limit)
          o.onBytes?.(total)
          yield chunk
        }
      }
      return { ...res, body: counted() }
    },
  }
}
