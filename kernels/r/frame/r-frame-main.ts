// Script of the R isolation frame (an opaque origin: sandbox="allow-scripts", no allow-same-origin).
// webR runs here whole: its main-thread object (which answers `webr::eval_js(await = TRUE)`,
// makes workers and sockets for R) and its worker. Nothing of it is on the app's origin, so R
// reaches no IndexedDB, CacheStorage, OPFS, service worker or page DOM (docs/SECURITY.md).
// The page serves webR's files as bytes; R's runtime calls arrive on a MessagePort (rpc.ts).
import { WebR } from 'webr'
import { createFetchProxy } from '../../python/frame/fetch-proxy'
import { FILES_MESSAGE, installFileShim } from './fileShim'
import { isRFrameStart, type RFrameStart } from './messages'
import { serveRRuntime } from './rpc'
import { webrRuntimeFiles } from './webrFiles'

// A base URL that names no server. webR starts its worker with `new Worker(base + 'webr-worker.js')`
// when the base is not cross-origin by its own test (same scheme, host and port as about:srcdoc),
// which the hook below catches; inside, fileShim.ts answers every read under it.
const FRAME_BASE = 'about:quire-webr/'

/** All of webR's runtime, through the page (its service worker keeps them for offline use). */
async function loadFiles(fetchFile: typeof fetch, baseUrl: string): Promise<Map<string, ArrayBuffer>> {
  const get = async (rel: string) => {
    const res = await fetchFile(baseUrl + rel)
    if (!res.ok) throw new Error(`${baseUrl}${rel}: HTTP ${res.status}`)
    return res.arrayBuffer()
  }
  const rJs = await get('R.js')
  const files = new Map([['R.js', rJs]])
  const rest = webrRuntimeFiles(new TextDecoder().decode(rJs)).filter((f) => f !== 'R.js')
  await Promise.all(rest.map(async (f) => files.set(f, await get(f))))
  return files
}

/** webR's worker starts from webr-worker.js with the file shim in front, and gets the files first. */
function hookWorker(files: Map<string, ArrayBuffer>): void {
  const found = files.get('webr-worker.js')
  if (!found) throw new Error('webr-worker.js is missing')
  const workerJs: ArrayBuffer = found
  const prelude = `(${installFileShim.toString()})(self, ${JSON.stringify(FRAME_BASE)}, ${JSON.stringify(FILES_MESSAGE)});\n`
  const RealWorker = globalThis.Worker
  globalThis.Worker = class extends RealWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      const isWebR = String(url) === `${FRAME_BASE}webr-worker.js`
      const blob = new Blob([prelude, workerJs], { type: 'text/javascript' })
      super(isWebR ? URL.createObjectURL(blob) : url, options)
      // Transferred: one webR worker per frame, and a kernel restart makes a new frame.
      if (isWebR) this.postMessage({ type: FILES_MESSAGE, files }, [...files.values()])
    }
  }
}

function start({ rpcPort, fetchPort, baseUrl, repoUrl }: RFrameStart): void {
  const proxy = createFetchProxy(fetchPort, fetch.bind(globalThis))
  proxy.allow(baseUrl)
  const runtime = loadFiles(proxy.fetch, baseUrl).then((files) => {
    hookWorker(files)
    // interactive: R's console loop must keep reading lines; a non-interactive R stops after one.
    // The default channel uses shared memory when this frame is cross-origin isolated.
    return new WebR({ baseUrl: FRAME_BASE, repoUrl, interactive: true })
  })
  serveRRuntime(rpcPort, runtime)
}

// Only the page that made this frame may start it.
addEventListener('message', function onStart(ev: MessageEvent) {
  if (ev.source !== parent || !isRFrameStart(ev.data)) return
  removeEventListener('message', onStart)
  start(ev.data)
})
