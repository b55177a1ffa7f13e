// Pyodide's core files, fetched by the page as soon as a kernel is wanted (issue 18). Without this the
// worker asks for them itself, one after another, once the frame and the worker have started: the
// module factory first, then (after importing it) the wasm, the standard library and the lock. In a
// traced cold launch the wasm reached the worker 2.4 s after the kernel was wanted, against 0.1 s on a
// bare page. Fetched early, they are on their way while the frame and the worker start.

/** What every boot of pyodide 314 fetches from its index folder, plainly or from a snapshot (pyodide.mjs). */
export const CORE_FILES = ['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'] as const

/** A fetched file as the page hands it to the worker (FetchReply's fields). */
export interface Fetched {
  status: number
  contentType: string
  body: ArrayBuffer
}

/** The page's fetch of `url`, read whole (its body is transferred to the worker). */
export async function fetchWhole(realFetch: typeof fetch, url: string, init?: RequestInit): Promise<Fetched> {
  const res = await realFetch(url, init)
  const body = await res.arrayBuffer()
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body }
}

/**
 * Fetches started ahead of the worker's requests. Each answer serves one request only (its body is
 * transferred); a later request for the same URL is fetched again. A failed early fetch is not an
 * answer: the request is then fetched as usual, so the user sees the error of that fetch.
 */
export class EarlyFetches {
  private readonly pending = new Map<string, Promise<Fetched | undefined>>()
  private readonly abort = new AbortController()

  constructor(realFetch: typeof fetch, folder: string, files: readonly string[] = CORE_FILES) {
    const base = folder.endsWith('/') ? folder : `${folder}/`
    for (const file of files) {
      const url = new URL(file, base).href
      const fetched = fetchWhole(realFetch, url, { signal: this.abort.signal }).catch(() => undefined)
      this.pending.set(url, fetched)
    }
  }

  /** The early answer for `url` (a normalised href), once; undefined when none was started or it failed. */
  async take(url: string): Promise<Fetched | undefined> {
    const fetched = this.pending.get(url)
    this.pending.delete(url)
    return fetched
  }

  /** The kernel is not wanted any more: stops what is still downloading and drops what was kept. */
  dispose(): void {
    this.abort.abort()
    this.pending.clear()
  }
}
