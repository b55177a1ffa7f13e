// The host worker inside the R isolation frame, where webR runs whole: its main-thread object
// (which answers `webr::eval_js(await = TRUE)` and makes workers and sockets for R) and, nested,
// its own worker. All of it has the frame's opaque origin, so R reaches no IndexedDB, CacheStorage,
// OPFS, service worker or page DOM (docs/SECURITY.md). The page serves webR's files as bytes;
// R's runtime calls arrive on a MessagePort (rpc.ts). Started by r-frame-main.ts's bootstrap,
// which has shadowed `location` with a placeholder origin (why: see there).
import { ChannelType, WebR } from 'webr'
import { toBase64 } from '../../../src/shared/base64'
import { createFetchProxy } from '../../python/frame/fetch-proxy'
import { FILES_MESSAGE, installFileShim } from './fileShim'
import type { RHostHandoff } from './messages'
import { serveRRuntime } from './rpc'
import { webrRuntimeFiles } from './webrFiles'

// Under the placeholder origin, so webR sees its base as same-origin and starts its worker with
// `new Worker(base + 'webr-worker.js')`, which the hook below catches; inside, fileShim.ts
// answers every read under it. The name resolves nowhere (.invalid), so nothing leaks to a network.
const HOST_BASE = 'http://quire-webr.invalid/webr/'

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

/**
 * webR's worker starts from webr-worker.js with the file shim in front, and gets the files first. Its URL is
 * a blob: one, or in a data: host (WebKit, `dataUrls`), where a worker from a blob: URL is refused, a data: one.
 */
function hookWorker(files: Map<string, ArrayBuffer>, dataUrls: boolean): void {
  const found = files.get('webr-worker.js')
  if (!found) throw new Error('webr-worker.js is missing')
  const workerJs: ArrayBuffer = found
  const prelude = `(${installFileShim.toString()})(self, ${JSON.stringify(HOST_BASE)}, ${JSON.stringify(FILES_MESSAGE)}, ${dataUrls});\n`
  const code = new Uint8Array(prelude.length * 3 + workerJs.byteLength)
  const { written } = new TextEncoder().encodeInto(prelude, code)
  code.set(new Uint8Array(workerJs), written)
  const codeUrl = () =>
    dataUrls
      ? `data:text/javascript;base64,${toBase64(code.subarray(0, written + workerJs.byteLength))}`
      : URL.createObjectURL(new Blob([code.subarray(0, written + workerJs.byteLength)], { type: 'text/javascript' }))
  const RealWorker = globalThis.Worker
  globalThis.Worker = class extends RealWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      const isWebR = String(url) === `${HOST_BASE}webr-worker.js`
      super(isWebR ? codeUrl() : url, options)
      // Transferred: one webR worker per frame, and a kernel restart makes a new frame.
      if (isWebR) this.postMessage({ type: FILES_MESSAGE, files }, [...files.values()])
    }
  }
}

const isHandoff = (d: unknown): d is RHostHandoff =>
  typeof d === 'object' &&
  d !== null &&
  Reflect.get(d, 'rpcPort') instanceof MessagePort &&
  Reflect.get(d, 'fetchPort') instanceof MessagePort &&
  typeof Reflect.get(d, 'baseUrl') === 'string' &&
  typeof Reflect.get(d, 'repoUrl') === 'string'

/** What the frame handed over (r-frame-main.ts's bootstrap puts it on a global); read once and removed. */
function takeHandoff(): RHostHandoff {
  const data: unknown = Reflect.get(self, 'quireRHandoff')
  Reflect.deleteProperty(self, 'quireRHandoff')
  if (!isHandoff(data)) throw new Error('the R host worker was started without its ports')
  return data
}

const { rpcPort, fetchPort, baseUrl, repoUrl, dataUrls } = takeHandoff()
const proxy = createFetchProxy(fetchPort, fetch.bind(globalThis))
proxy.allow(baseUrl)
const runtime = loadFiles(proxy.fetch, baseUrl).then((files) => {
  hookWorker(files, dataUrls === true)
  // interactive: R's console loop must keep reading lines; a non-interactive R stops after one.
  // The default channel uses shared memory when this frame is cross-origin isolated. WebKit (a data: host)
  // refuses to post shared memory between the frame's workers (DataCloneError, as for the Python kernel):
  // there R talks by messages, which cannot interrupt a running cell.
  const channelType = dataUrls === true ? ChannelType.PostMessage : ChannelType.Automatic
  return new WebR({ baseUrl: HOST_BASE, repoUrl, interactive: true, channelType })
})
serveRRuntime(rpcPort, runtime)
