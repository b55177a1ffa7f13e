// The worker's request loop, apart from the worker globals so tests can run it in-process:
// sends `ready`, boots Pyodide on `boot` (or on `init` when none came first), then answers one request at a time (as
// a Jupyter
// kernel's shell channel does), posting exactly one `response` per request. Install replies
// bypass the queue: they answer a request the running cell is waiting on.
import { AppError, assertNever, deserializeError, serializeError } from '../../src/shared/errors'
import { kernelFetchFailure } from '../../src/shared/hostError'
import { createKernelHost, type KernelHost, type PySources } from './kernel-host'
import { bootPyodide, type Booted, type FetchBytes, type LoadPyodide } from './kernel-boot'
import type { KernelRequest, MainMessage, ResponseOk, SnapshotResult, Wheel, WorkerMessage } from './protocol'

export interface KernelServerIO {
  post(msg: WorkerMessage): void
  loadPyodide: LoadPyodide
  sources: PySources
  /** Reads the lock packages a snapshot with shared libraries needs (default: fetch). */
  fetchBytes?: FetchBytes
}

/** Posts `ready` and returns the handler for incoming messages. */
export function createKernelServer(io: KernelServerIO): (msg: MainMessage) => void {
  let host: KernelHost | undefined
  let booting: Promise<Booted> | undefined
  /** The snapshot made after `init` when the page asked for one, until a `snapshot` request takes it. */
  let made: SnapshotResult | undefined
  let dead: AppError | undefined
  let queue: Promise<void> = Promise.resolve()
  let nextInstall = 1
  const installs = new Map<number, { resolve(w: Wheel[]): void; reject(e: AppError): void }>()
  /** The page's sha256 check of the boot's snapshot (`awaitsCheck`): it may come before `boot` is served. */
  let settleCheck: (damaged: string | undefined) => void = () => {}
  const snapshotCheck = new Promise<string | undefined>((resolve) => (settleCheck = resolve))

  function requestInstall(id: number, requirements: string[]): Promise<Wheel[]> {
    const requestId = nextInstall++
    return new Promise((resolve, reject) => {
      installs.set(requestId, { resolve, reject })
      io.post({ type: 'install', id, requestId, requirements })
    })
  }

  async function answer(req: KernelRequest): Promise<ResponseOk> {
    const { id } = req
    if (req.type === 'boot') {
      if (booting) throw new AppError('KERNEL_START_FAILED', 'kernel already booting')
      const checked = req.payload.awaitsCheck ? snapshotCheck : undefined
      booting = bootPyodide(io.loadPyodide, req.payload, true, undefined, io.fetchBytes, checked)
      return { type: 'response', id, ok: true, request: 'boot', result: (await booting).result }
    }
    if (req.type === 'init') {
      if (host) throw new AppError('KERNEL_START_FAILED', 'kernel already initialised')
      const { indexURL, packageBaseUrl, makeSnapshot } = req.payload
      // Booting here is only able to snapshot when asked: `_makeSnapshot` slows Python's `js` access.
      booting ??= bootPyodide(io.loadPyodide, { indexURL, packageBaseUrl }, makeSnapshot === true)
      const { pyodide } = await booting
      const started = createKernelHost(pyodide, io.post, io.sources, { requestInstall })
      const result = await started.init(req.payload)
      host = started
      return { type: 'response', id, ok: true, request: 'init', result }
    }
    if (req.type === 'snapshot') {
      if (req.payload.baseline) {
        const booted = await booting
        const bytes = booted?.baseline
        if (booted) booted.baseline = undefined
        const result: SnapshotResult = bytes
          ? { ok: true, bytes, pyodideVersion: booted.pyodide.version, ms: 0 }
          : { ok: false, reason: 'no baseline snapshot was made' }
        return { type: 'response', id, ok: true, request: 'snapshot', result }
      }
      const result = made ?? { ok: false, reason: 'no snapshot was made' }
      made = undefined
      return { type: 'response', id, ok: true, request: 'snapshot', result }
    }
    if (dead) throw dead
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
      case 'comm':
        host.comm(id, req.payload)
        return { type: 'response', id, ok: true, request: 'comm', result: { status: 'ok' } }
      case 'comm_info':
        return { type: 'response', id, ok: true, request: 'comm_info', result: host.commInfo(req.payload) }
      default:
        return assertNever(req)
    }
  }

  /** Runs in the init request's turn of the queue, after its response: ready is not delayed,
   *  and no cell has run yet, so the snapshot holds the environment and no user state. */
  async function snapshotAfterInit(): Promise<SnapshotResult> {
    const booted = await booting
    if (!host || !booted) return { ok: false, reason: 'the kernel did not start' }
    if (!booted.canSnapshot)
      return {
        ok: false,
        reason: `booted ${booted.result.from === 'snapshot' ? 'from its snapshot' : 'without snapshot support'}`,
      }
    try {
      const started = performance.now()
      const bytes = host.snapshot()
      return { ok: true, bytes, pyodideVersion: booted.pyodide.version, ms: performance.now() - started }
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) }
    }
  }

  async function serve(req: KernelRequest): Promise<void> {
    try {
      io.post(await answer(req))
      if (req.type === 'init' && req.payload.makeSnapshot) made = await snapshotAfterInit()
    } catch (err) {
      const failure = classify(req, err)
      if (failure instanceof AppError && failure.code === 'KERNEL_DEAD') dead ??= failure
      io.post({ type: 'response', id: req.id, ok: false, error: serializeError(failure) })
    }
  }

  io.post({ type: 'ready' })
  return (msg) => {
    // Outside the queue: the boot being served waits for it.
    if (msg.type === 'snapshot_check') return settleCheck(msg.damaged)
    if (msg.type === 'install_reply') {
      const waiting = installs.get(msg.requestId)
      installs.delete(msg.requestId)
      if (msg.ok) waiting?.resolve(msg.wheels)
      else waiting?.reject(deserializeError(msg.error))
      return
    }
    queue = queue.then(() => serve(msg))
  }
}

/** Any failure while starting is a start failure to the user, whatever threw it; after a fatal
 * error (out of memory, a wasm trap) Pyodide is unusable, which the user must hear as a dead kernel. */
function classify(req: KernelRequest, err: unknown): unknown {
  if (err instanceof AppError) return err
  const message = err instanceof Error ? err.message : String(err)
  // A core file or package Pyodide could not fetch names its host, never "WebAssembly or memory".
  if (req.type === 'init' || req.type === 'boot')
    return kernelFetchFailure(message, req.payload) ?? new AppError('KERNEL_START_FAILED', message)
  // Pyodide marks the error it throws after a fatal failure.
  if (typeof err === 'object' && err !== null && Reflect.get(err, 'pyodide_fatal_error') === true) {
    return new AppError('KERNEL_DEAD', `Python stopped: ${message}`)
  }
  return err
}
