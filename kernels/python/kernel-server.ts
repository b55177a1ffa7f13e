// The worker's request loop, apart from the worker globals so tests can run it in-process:
// sends `ready`, boots Pyodide on `init`, then answers one request at a time (as a Jupyter
// kernel's shell channel does), posting exactly one `response` per request.
import type { PyodideAPI } from 'pyodide'
import { AppError, assertNever, serializeError } from '../../src/shared/errors'
import { createKernelHost, type KernelHost, type PySources } from './kernel-host'
import type { KernelRequest, ResponseOk, WorkerMessage } from './protocol'

export interface KernelServerIO {
  post(msg: WorkerMessage): void
  loadPyodide(options: { indexURL: string; packageBaseUrl?: string }): Promise<PyodideAPI>
  sources: PySources
}

/** Posts `ready` and returns the handler for incoming requests. */
export function createKernelServer(io: KernelServerIO): (req: KernelRequest) => void {
  let host: KernelHost | undefined
  let queue: Promise<void> = Promise.resolve()

  async function answer(req: KernelRequest): Promise<ResponseOk> {
    const { id } = req
    if (req.type === 'init') {
      if (host) throw new AppError('KERNEL_START_FAILED', 'kernel already initialised')
      const { indexURL, packageBaseUrl } = req.payload
      const pyodide = await io.loadPyodide({ indexURL, packageBaseUrl })
      const started = createKernelHost(pyodide, io.post, io.sources)
      const result = await started.init(req.payload)
      host = started
      return { type: 'response', id, ok: true, request: 'init', result }
    }
    if (!host) throw new AppError('KERNEL_DEAD', `${req.type} request before a successful init`)
    switch (req.type) {
      case 'execute':
        return { type: 'response', id, ok: true, request: 'execute', result: await host.execute(id, req.payload) }
      case 'complete':
        return { type: 'response', id, ok: true, request: 'complete', result: host.complete(req.payload) }
      case 'inspect':
        return { type: 'response', id, ok: true, request: 'inspect', result: host.inspect(req.payload) }
      case 'is_complete':
        return { type: 'response', id, ok: true, request: 'is_complete', result: host.isComplete(req.payload) }
      default:
        return assertNever(req)
    }
  }

  async function serve(req: KernelRequest): Promise<void> {
    try {
      io.post(await answer(req))
    } catch (err) {
      // Any failure while starting is a start failure to the user, whatever threw it.
      const failure = req.type === 'init' && !(err instanceof AppError)
        ? new AppError('KERNEL_START_FAILED', err instanceof Error ? err.message : String(err))
        : err
      io.post({ type: 'response', id: req.id, ok: false, error: serializeError(failure) })
    }
  }

  io.post({ type: 'ready' })
  return (req) => {
    queue = queue.then(() => serve(req))
  }
}
