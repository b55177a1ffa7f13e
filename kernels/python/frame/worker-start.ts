// Starting the kernel worker inside the opaque-origin frame: each engine allows a different URL.
// Chromium (156) refuses a module worker from a blob: URL of an opaque origin, but a classic
// worker may import() one. WebKitGTK (2.50) refuses every worker from such a blob: URL, and a
// worker there cannot import() a blob: URL either ("Cross-origin script load denied"); it starts
// a data: worker, which may import() a data: URL. Both are opaque origins, so both stay confined.
// Pyodide refuses classic workers, which it detects by a working importScripts: the worker needs
// none, so it goes. The handoff travels on a global the kernel module reads first (worker-handoff.ts).

/** The bootstrap's messages to the frame before the kernel module takes over. */
export type BootstrapMessage = { quireBootstrap: 'alive' } | { quireBootstrap: 'import-failed'; message: string }

/**
 * The bootstrap's lines that turn the module's bytes (`bytes`, a Uint8Array) into a URL it can import:
 * a data: URL in a data: worker (WebKit cannot import a blob: URL there, nor read a Blob back:
 * NotReadableError), else a blob: URL. `isData` must be read before anything shadows `location`.
 * Shared by the R frame's bootstrap (kernels/r/frame/r-frame-main.ts).
 */
export const MODULE_URL = `let url
    if (isData) {
      let bin = ''
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000))
      url = 'data:text/javascript;base64,' + btoa(bin)
    } else url = URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }))`

export const BOOTSTRAP = `onmessage = (e) => {
  onmessage = null
  self.importScripts = () => { throw new TypeError('importScripts is not available in the kernel') }
  self.quireHandoff = e.data
  const failed = (err) => postMessage({ quireBootstrap: 'import-failed', message: String(err && err.stack || err) })
  try {
    const bytes = new Uint8Array(e.data.workerCode)
    const isData = location.protocol === 'data:'
    ${MODULE_URL}
    import(url).catch(failed)
  } catch (err) {
    failed(err)
  }
}
postMessage({ quireBootstrap: 'alive' })`

export const isBootstrapMessage = (d: unknown): d is BootstrapMessage =>
  typeof d === 'object' && d !== null && typeof Reflect.get(d, 'quireBootstrap') === 'string'

/** The URLs to try, in order: the blob: one first (Chromium, Firefox), then data: (WebKit). */
export function bootstrapUrls(source = BOOTSTRAP): { kind: 'blob' | 'data'; url: string }[] {
  return [
    { kind: 'blob', url: URL.createObjectURL(new Blob([source], { type: 'text/javascript' })) },
    { kind: 'data', url: `data:text/javascript;charset=utf-8,${encodeURIComponent(source)}` },
  ]
}

/**
 * Starts the first bootstrap that says it is alive. A worker that cannot start fires `error`
 * with no message in WebKit, so each refusal is recorded here by kind, for the error the page shows.
 */
export async function startBootstrap(
  makeWorker: (url: string) => Worker = (url) => new Worker(url, { name: 'quire-kernel' }),
  /** The bootstrap's source: the Python kernel's (BOOTSTRAP) unless another frame gives its own. */
  source = BOOTSTRAP,
): Promise<{ worker: Worker; kind: 'blob' | 'data' } | { refused: string[] }> {
  const refused: string[] = []
  for (const { kind, url } of bootstrapUrls(source)) {
    let worker: Worker
    try {
      worker = makeWorker(url)
    } catch (err) {
      refused.push(`${kind}: ${String(err)}`)
      continue
    }
    const isAlive = await new Promise<boolean>((resolve) => {
      worker.onmessage = (ev) => resolve(isBootstrapMessage(ev.data) && ev.data.quireBootstrap === 'alive')
      worker.onerror = (ev) => {
        ev.preventDefault()
        resolve(false)
      }
    })
    worker.onmessage = worker.onerror = null
    if (isAlive) return { worker, kind }
    worker.terminate()
    refused.push(`${kind}: the worker did not start`)
  }
  return { refused }
}
