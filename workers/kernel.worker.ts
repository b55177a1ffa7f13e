// Entry of the Python kernel's worker; all logic is in kernels/python (kernel-server, kernel-host).
// Must be a module worker: pyodide.asm.mjs is an ES module (PLATFORM-NOTES.md).
import { createKernelServer } from '../kernels/python/kernel-server'
import type { MainMessage, WorkerMessage } from '../kernels/python/protocol'
import { pySources } from '../kernels/python/sources'

const handle = createKernelServer({
  post: (msg: WorkerMessage) => self.postMessage(msg),
  sources: pySources,
  async loadPyodide(options) {
    // Imported lazily so the worker answers `ready` before fetching Pyodide's loader.
    const { loadPyodide } = await import('pyodide')
    return loadPyodide(options)
  },
})
// `ready` is already posted, but no message can arrive before this synchronous module body ends.
self.onmessage = (ev: MessageEvent<MainMessage>) => handle(ev.data)

// An error nobody caught reaches the page as the Worker's `error` event, which the page reads as
// the kernel dying. Only Pyodide's fatal errors (out of memory, a wasm trap) mean that; a user's
// JavaScript callback that throws does not, so those stay here.
const isFatal = (err: unknown) => typeof err === 'object' && err !== null && Reflect.get(err, 'pyodide_fatal_error') === true
self.addEventListener('error', (ev) => {
  if (!isFatal(ev.error)) ev.preventDefault()
})
self.addEventListener('unhandledrejection', (ev) => {
  // A rejection never reaches the page by itself: rethrown from a task, it becomes an `error`.
  if (isFatal(ev.reason)) setTimeout(() => { throw ev.reason })
})
