// Entry of the Python kernel's worker; all logic is in kernels/python (kernel-server, kernel-host).
// Must be a module: pyodide.asm.mjs is an ES module (PLATFORM-NOTES.md). In a build it runs inside
// the isolation frame (kernels/python/frame): the kernel protocol then travels on a MessagePort,
// and Pyodide's own files are fetched through the page.
import { createFetchProxy, pyodideFolders } from '../kernels/python/frame/fetch-proxy'
import { importPyodideModule } from '../kernels/python/frame/pyodide-module'
import { takeHandoff } from '../kernels/python/frame/worker-handoff'
import { importModuleFactory, withModuleFactory } from '../kernels/python/kernel-boot'
import { createKernelServer } from '../kernels/python/kernel-server'
import { withLocalFiles } from '../kernels/python/local-files'
import type { MainMessage, WorkerMessage } from '../kernels/python/protocol'
import { pySources } from '../kernels/python/sources'

const handoff = takeHandoff(self)
const proxy = handoff && createFetchProxy(handoff.fetchPort, fetch.bind(self))
// The launch's copies of Pyodide's packages come first (init's packageFiles), then the page.
const local = withLocalFiles(proxy ? proxy.fetch : fetch.bind(self))
self.fetch = local.fetch
const post = (msg: WorkerMessage, transfer: Transferable[] = []) =>
  handoff ? handoff.kernelPort.postMessage(msg, transfer) : self.postMessage(msg, transfer)

const handle = createKernelServer({
  post,
  sources: pySources,
  async loadPyodide(options) {
    // Imported lazily so the worker answers `ready` before fetching Pyodide's loader.
    const { loadPyodide } = await import('pyodide')
    const importFactory = proxy
      ? () => importPyodideModule(proxy.fetch, options.indexURL)
      : () => importModuleFactory(options.indexURL)
    const resolved = await withModuleFactory(options, importFactory)
    // In the frame the loader cannot import the module itself: always hand it over.
    if (proxy && !resolved.createPyodideModule) resolved.createPyodideModule = await importFactory()
    return loadPyodide(resolved)
  },
})

function receive(msg: MainMessage): void {
  // The page's fetch serves Pyodide's folders, named by `boot` (the page starts Python while it
  // prepares the launch) or `init`.
  if (proxy && 'payload' in msg) for (const folder of pyodideFolders(msg)) proxy.allow(folder)
  if (msg.type === 'init') {
    local.add(msg.payload.packageFiles)
    msg = { ...msg, payload: { ...msg.payload, packageFiles: undefined } }
  }
  if (handoff && msg.type === 'init') {
    // The frame's shared memory replaces the page's, which cannot cross into this agent cluster.
    msg = { ...msg, payload: { ...msg.payload, shared: handoff.shared } }
  }
  handle(msg)
}
// `ready` is already posted, but no message can arrive before this synchronous module body ends.
if (handoff) handoff.kernelPort.onmessage = (ev: MessageEvent<MainMessage>) => receive(ev.data)
else self.onmessage = (ev: MessageEvent<MainMessage>) => receive(ev.data)

// An error nobody caught reaches the page as the Worker's `error` event, which the page reads as
// the kernel dying. Only Pyodide's fatal errors (out of memory, a wasm trap) mean that; a user's
// JavaScript callback that throws does not, so those stay here.
const isFatal = (err: unknown) =>
  typeof err === 'object' && err !== null && Reflect.get(err, 'pyodide_fatal_error') === true
self.addEventListener('error', (ev) => {
  if (!isFatal(ev.error)) ev.preventDefault()
})
self.addEventListener('unhandledrejection', (ev) => {
  // A rejection never reaches the page by itself: rethrown from a task, it becomes an `error`.
  if (isFatal(ev.reason))
    setTimeout(() => {
      throw ev.reason
    })
})
