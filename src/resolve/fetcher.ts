// The resolver's only doors to the network, injected (STYLE.md: pure cores, injected I/O).
import { HttpError } from './errors'

export interface Fetcher {
  /** Parsed JSON of `url`; throws HttpError for a non-2xx answer, anything else for no answer. */
  json(url: string, signal?: AbortSignal): Promise<unknown>
}

export interface BytesFetcher {
  /** `isReload` skips the HTTP cache (a refetch after a corrupt download). */
  fetchBytes(url: string, onProgress?: (loaded: number, total?: number) => void, opts?: { isReload?: boolean }): Promise<Uint8Array>
}

/** The real Fetcher and BytesFetcher over a `fetch` function, chosen in entry files. */
export function createHttpFetcher(fetchFn: typeof fetch): Fetcher & BytesFetcher {
  const get = async (url: string, signal?: AbortSignal, isReload = false): Promise<Response> => {
    const res = await fetchFn(url, isReload ? { signal, cache: 'reload' } : { signal })
    if (!res.ok) throw new HttpError(url, res.status)
    return res
  }
  return {
    json: async (url, signal) => (await get(url, signal)).json(),
    async fetchBytes(url, onProgress, opts) {
      const res = await get(url, undefined, opts?.isReload)
      const length = Number(res.headers.get('content-length'))
      const total = Number.isFinite(length) && length > 0 ? length : undefined
      if (!res.body || !onProgress) return new Uint8Array(await res.arrayBuffer())
      const chunks: Uint8Array[] = []
      let loaded = 0
      for (const reader = res.body.getReader(); ;) {
        const { done, value } = await reader.read()
        if (done) break
        chunks.push(value)
        loaded += value.length
        onProgress(loaded, total)
      }
      const bytes = new Uint8Array(loaded)
      let at = 0
      for (const c of chunks) { bytes.set(c, at); at += c.length }
      return bytes
    },
  }
}
