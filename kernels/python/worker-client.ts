// Main-thread side of the kernel worker protocol: numbered requests, their events and responses,
// and what happens when the worker fails to start or dies.
import { AppError, deserializeError, serializeError } from '../../src/shared/errors'
import { mark } from '../../src/shared/marks'
import type {
  CommInfoPayload,
  CommInfoResult,
  CommPayload,
  CompletePayload,
  CompleteResult,
  ExecutePayload,
  ExecuteResult,
  InitPayload,
  InitResult,
  InspectPayload,
  InspectResult,
  IsCompletePayload,
  IsCompleteResult,
  KernelEvent,
  MainMessage,
  RequestBody,
  ResponseOk,
  SharedBuffers,
  BootPayload,
  BootResult,
  SnapshotResult,
  Wheel,
  WorkerMessage,
} from './protocol'
import { BACKGROUND_ID } from './protocol'
import { sharedSignals, type KernelSignals } from './frame/signals'

/** What the client needs of a Worker; a real `Worker` fits, and so does an in-process fake. */
export interface WorkerLike {
  postMessage(message: MainMessage, transfer?: Transferable[]): void
  terminate(): void
  onmessage: ((ev: MessageEvent<WorkerMessage>) => void) | null
  onerror: ((ev: ErrorEvent) => void) | null
  /**
   * Set by a worker in another agent cluster (the isolation frame, kernels/python/frame), where the
   * page's shared memory cannot go: it interrupts and answers input() itself. Undefined once
   * settled means it has no shared memory either.
   */
  readonly signals?: Promise<KernelSignals | undefined>
}

interface Pending {
  resolve(response: ResponseOk): void
  reject(error: AppError): void
  onEvent?: (event: KernelEvent) => void
}

export class KernelWorkerClient {
  private readonly pending = new Map<number, Pending>()
  private readonly ready: Promise<void>
  private markReady: () => void = () => {}
  private readonly stopped: Promise<void>
  private markStopped: () => void = () => {}
  private isReady = false
  private nextId = 1
  /** Comm messages Python sends while no request runs (protocol.ts BACKGROUND_ID). */
  onBackgroundEvent: ((event: KernelEvent) => void) | undefined
  private failure: AppError | undefined

  /**
   * @param install answers the worker's `install` requests (`%pip install`); without it they
   *   fail, and the kernel tells Python there is no installer (InitPayload.hasInstaller).
   */
  constructor(
    private readonly worker: WorkerLike,
    private readonly install?: (requirements: string[]) => Promise<Wheel[]>,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve))
    this.stopped = new Promise((resolve) => (this.markStopped = resolve))
    worker.onmessage = (ev) => this.receive(ev.data)
    worker.onerror = (ev) => {
      // Before `ready` the script itself failed to load or evaluate; after, the worker crashed.
      // The isolation frame's events carry the step that failed (FramedWorker); a plain Worker's
      // have a message at most (WebKit gives none), so the step is named here.
      const message = ev.message || 'the kernel worker failed to load (the browser gave no reason)'
      const data = ev.error instanceof AppError ? ev.error.data : { step: 'worker' }
      this.fail(
        this.isReady ? new AppError('KERNEL_DEAD', message) : new AppError('KERNEL_START_FAILED', message, data),
      )
    }
  }

  /** Set once the worker is unusable; every later request rejects with it. */
  get error(): AppError | undefined {
    return this.failure
  }

  async init(payload: InitPayload): Promise<InitResult> {
    const r = await this.call({ type: 'init', payload })
    if (r.request === 'init') return r.result
    throw mismatch('init', r)
  }

  /** Starts Pyodide before `init` (src/session/preboot.ts), from a snapshot when one is given. */
  async boot(payload: BootPayload): Promise<BootResult> {
    // Tens of MB: moved to the worker, not copied (the caller keeps no use for them).
    const r = await this.call({ type: 'boot', payload }, undefined, payload.snapshot ? ownBuffer(payload.snapshot) : [])
    if (r.request === 'boot') return r.result
    throw mismatch('boot', r)
  }

  /**
   * The page's sha256 check of the snapshot `boot` carried with `awaitsCheck`: `damaged` (why) refuses it,
   * and the worker boots plainly instead.
   */
  async snapshotChecked(damaged?: string): Promise<void> {
    // After `ready`, as every request: the worker would drop what came before.
    await Promise.race([this.ready, this.stopped])
    if (this.failure) return
    this.worker.postMessage({ type: 'snapshot_check', ...(damaged === undefined ? {} : { damaged }) })
  }

  /** The memory snapshot the worker made after `init` (InitPayload.makeSnapshot), or why there is none. */
  async snapshot(which: { baseline?: boolean } = {}): Promise<SnapshotResult> {
    const r = await this.call({ type: 'snapshot', payload: which })
    if (r.request === 'snapshot') return r.result
    throw mismatch('snapshot', r)
  }

  async execute(payload: ExecutePayload, onEvent: (event: KernelEvent) => void): Promise<ExecuteResult> {
    const r = await this.call({ type: 'execute', payload }, onEvent)
    if (r.request === 'execute') return r.result
    throw mismatch('execute', r)
  }

  async complete(payload: CompletePayload): Promise<CompleteResult> {
    const r = await this.call({ type: 'complete', payload })
    if (r.request === 'complete') return r.result
    throw mismatch('complete', r)
  }

  async inspect(payload: InspectPayload): Promise<InspectResult> {
    const r = await this.call({ type: 'inspect', payload })
    if (r.request === 'inspect') return r.result
    throw mismatch('inspect', r)
  }

  async isComplete(payload: IsCompletePayload): Promise<IsCompleteResult> {
    const r = await this.call({ type: 'is_complete', payload })
    if (r.request === 'is_complete') return r.result
    throw mismatch('is_complete', r)
  }

  /** A comm message for Python; messages its handlers send back arrive through `onEvent`. */
  async comm(payload: CommPayload, onEvent: (event: KernelEvent) => void): Promise<void> {
    const r = await this.call({ type: 'comm', payload }, onEvent)
    if (r.request !== 'comm') throw mismatch('comm', r)
  }

  async commInfo(payload: CommInfoPayload): Promise<CommInfoResult> {
    const r = await this.call({ type: 'comm_info', payload })
    if (r.request === 'comm_info') return r.result
    throw mismatch('comm_info', r)
  }

  /**
   * How to reach the worker while Python runs: its own signals, or the page's shared memory
   * (`shared`, the buffers sent with `init`); undefined when neither exists (interrupt = restart).
   */
  async signals(shared: SharedBuffers | undefined): Promise<KernelSignals | undefined> {
    if (this.worker.signals) return this.worker.signals
    return shared && sharedSignals(shared)
  }

  terminate(): void {
    this.worker.terminate()
    this.fail(new AppError('KERNEL_DEAD', 'kernel shut down'))
  }

  private async call(
    body: RequestBody,
    onEvent?: (event: KernelEvent) => void,
    transfer: Transferable[] = [],
  ): Promise<ResponseOk> {
    // The worker sends `ready` once it listens; a module worker may drop what comes before.
    await Promise.race([this.ready, this.stopped])
    if (this.failure) throw this.failure
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onEvent })
      this.worker.postMessage({ ...body, id }, transfer)
    })
  }

  private receive(msg: WorkerMessage): void {
    if (msg.type === 'ready') {
      this.isReady = true
      mark('kernel-worker-ready')
      this.markReady()
      return
    }
    if (msg.type === 'install') {
      void this.answerInstall(msg.requestId, msg.requirements)
      return
    }
    if (msg.id === BACKGROUND_ID && msg.type !== 'response') {
      this.onBackgroundEvent?.(msg)
      return
    }
    const pending = this.pending.get(msg.id)
    if (!pending) return
    if (msg.type !== 'response') {
      pending.onEvent?.(msg)
      return
    }
    this.pending.delete(msg.id)
    if (msg.ok) pending.resolve(msg)
    else pending.reject(deserializeError(msg.error))
  }

  private async answerInstall(requestId: number, requirements: string[]): Promise<void> {
    try {
      if (!this.install) throw new AppError('INTERNAL', 'this page has no package installer')
      const wheels = await this.install(requirements)
      this.worker.postMessage({ type: 'install_reply', requestId, ok: true, wheels })
    } catch (err) {
      this.worker.postMessage({ type: 'install_reply', requestId, ok: false, error: serializeError(err) })
    }
  }

  private fail(error: AppError): void {
    this.failure ??= error
    for (const p of this.pending.values()) p.reject(this.failure)
    this.pending.clear()
    this.markStopped()
  }
}

function mismatch(expected: string, r: ResponseOk): AppError {
  return new AppError('INTERNAL', `kernel worker answered a ${expected} request as ${r.request}`)
}

/** The buffer to transfer with `bytes`, when they are all of it: a view into a larger one is copied. */
function ownBuffer(bytes: Uint8Array): Transferable[] {
  const { buffer } = bytes
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
    ? [buffer]
    : []
}
