// Entry of the Python kernel's worker; all logic is in kernels/python (kernel-server, kernel-host).
// Must be a module worker: pyodide.asm.mjs is an ES module (PLATFORM-NOTES.md).
import { createKernelServer } from '../kernels/python/kernel-server'
import type { KernelRequest, WorkerMessage } from '../kernels/python/protocol'
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
self.onmessage = (ev: MessageEvent<KernelRequest>) => handle(ev.data)
