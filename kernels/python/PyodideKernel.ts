// The notebook's kernel: JupyterLite's BaseKernel speaking to Python in a Pyodide worker.
// BaseKernel turns Jupyter messages into the *Request calls below and wraps our replies.
import { KernelMessage } from '@jupyterlab/services'
import { BaseKernel, type IKernel } from '@jupyterlite/services'
import { AppError, assertNever } from '../../src/shared/errors'
import { StopGate, STOPPED_BEFORE_START } from '../shared/stopGate'
import { errorText } from '../../src/ui/errorText'
import { isCommInfoRequest, kernelInfo, RESTARTED_ON_INTERRUPT, toAppError } from './kernel-replies'

export { RESTARTED_ON_INTERRUPT }
import type { CommPayload, FileChanges, InitPayload, InitResult, KernelEvent, SharedBuffers, Wheel } from './protocol'
import { defaultShared } from './stdin-channel'
import { KernelWorkerClient, type WorkerLike } from './worker-client'

export interface PyodideKernelOptions extends IKernel.IOptions {
  /** e.g. `() => new Worker(new URL('../../workers/kernel.worker.ts', import.meta.url), { type: 'module' })` */
  createWorker: () => WorkerLike
  /** What to install and where to run; a function lets the caller gather it lazily. */
  init: InitPayload | (() => Promise<InitPayload>)
  /** `%pip install` / `!pip install`: resolve and download wheels; the kernel unpacks them. */
  installPackages?: (requirements: string[]) => Promise<Wheel[]>
  /**
   * Files the code wrote or deleted in its working directory, reported after each cell, with the
   * id of the request that ran it (so the page knows the echo of its own file sync).
   */
  onFilesChanged?: (changes: FileChanges, parentId: string | undefined) => void
  /** Shared memory for interrupt and input(); default: made when the page is cross-origin isolated. */
  shared?: SharedBuffers | null
  /**
   * A worker already booting for this launch (src/session/preboot.ts), adopted by the first start
   * only: a restart makes a fresh one with `createWorker`.
   */
  prebooted?: KernelWorkerClient
}

type Header = KernelMessage.IHeader<KernelMessage.MessageType> | undefined
type ExecuteReply = KernelMessage.IExecuteReplyMsg['content']

export class PyodideKernel extends BaseKernel {
  private client: KernelWorkerClient
  private readonly send: IKernel.SendMessage
  private started: Promise<void>
  private info: InitResult | undefined
  private failure: AppError | undefined
  private readonly shared: SharedBuffers | undefined
  private restartedByInterrupt = false
  /**
   * The user's execute requests sent and not yet answered: with none, an interrupt has nothing to
   * stop. Silent ones (Quire's file sync) do not count: an interrupt is never meant for them.
   */
  private executing = 0
  private readonly stopGate = new StopGate()
  private prebooted: KernelWorkerClient | undefined

  constructor(private readonly options: PyodideKernelOptions) {
    super(options)
    this.send = options.sendMessage
    this.shared = options.shared === undefined ? defaultShared() : (options.shared ?? undefined)
    this.prebooted = options.prebooted
    this.client = this.connect()
    this.started = this.start()
  }

  /**
   * Settles once the worker has answered `init`, successfully or not. JupyterLite awaits `ready`
   * before handing over every message, so rejecting would leave the notebook waiting forever;
   * a failed start is shown on the next execute instead (and via `startError`).
   */
  override get ready(): Promise<void> {
    return this.started
  }

  /** Why the kernel could not start, once `ready` has settled; undefined if it started. */
  get startError(): AppError | undefined {
    return this.failure
  }

  /**
   * Stops the running cell. With shared memory Python raises KeyboardInterrupt and keeps its
   * namespace; without it the only way to stop a busy worker is to end it and boot a new one.
   */
  async interrupt(): Promise<void> {
    this.stopGate.stop()
    // The worker keeps a signal until a cell starts (one may wait behind the snapshot): an idle
    // kernel's would stop the next cell, and without shared memory it would cost the namespace.
    if (this.executing === 0) return
    // The page's shared memory, or the isolation frame's (kernels/python/frame/signals.ts).
    const signals = await this.client.signals(this.shared)
    if (signals) {
      signals.interrupt()
      return
    }
    this.restartedByInterrupt = true
    this.client.terminate()
    this.client = this.connect()
    this.started = this.start()
    await this.started
  }

  override dispose(): void {
    if (this.isDisposed) return
    void this.client.signals(this.shared).then((s) => s?.cancelInput())
    this.client.terminate()
    super.dispose()
  }

  override async handleMessage(msg: KernelMessage.IMessage): Promise<void> {
    // BaseKernel 0.8.4 drops comm_info_request, and ipywidgets waits for its reply forever.
    if (!isCommInfoRequest(msg)) return super.handleMessage(msg)
    this.status('busy', msg)
    const content = await this.commInfoRequest(msg.content)
    this.send(
      KernelMessage.createMessage({
        msgType: 'comm_info_reply',
        channel: 'shell',
        session: msg.header.session,
        parentHeader: msg.header,
        content,
      }),
    )
    this.status('idle', msg)
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg['content']> {
    return kernelInfo(this.info)
  }

  async executeRequest(content: KernelMessage.IExecuteRequestMsg['content']): Promise<ExecuteReply> {
    const executionCount = this.executionCount
    // Captured now: outputs must go to this cell even if they arrive after the next request.
    const parent = this.parentHeader
    const isInterruptible = !content.silent
    if (isInterruptible && this.stopGate.blocks(parent)) return this.stoppedBeforeStart(executionCount, parent)
    if (isInterruptible) this.executing++
    try {
      return await this.runCell(content, executionCount, parent)
    } finally {
      if (isInterruptible) this.executing--
    }
  }

  private async runCell(
    content: KernelMessage.IExecuteRequestMsg['content'],
    executionCount: number,
    parent: Header,
  ): Promise<ExecuteReply> {
    await this.started
    const unusable = this.failure ?? this.client.error
    if (unusable) return this.reportFailure(unusable, executionCount, parent)
    this.restartedByInterrupt = false
    try {
      const payload = { code: content.code, executionCount, msgId: parent?.msg_id, isInterruptible: !content.silent }
      const result = await this.client.execute(payload, (event) => this.publish(event, parent))
      if (result.status === 'ok')
        return { status: 'ok', execution_count: executionCount, user_expressions: {}, payload: [] }
      return { ...result, execution_count: executionCount }
    } catch (err) {
      if (this.restartedByInterrupt) {
        this.stream({ name: 'stderr', text: RESTARTED_ON_INTERRUPT }, parent)
        return {
          status: 'error',
          execution_count: executionCount,
          ename: 'KeyboardInterrupt',
          evalue: 'kernel restarted',
          traceback: [],
        }
      }
      return this.reportFailure(toAppError(err, 'KERNEL_DEAD'), executionCount, parent)
    }
  }

  async completeRequest(
    content: KernelMessage.ICompleteRequestMsg['content'],
  ): Promise<KernelMessage.ICompleteReplyMsg['content']> {
    if (this.failure ?? this.client.error) {
      return {
        status: 'ok',
        matches: [],
        cursor_start: content.cursor_pos,
        cursor_end: content.cursor_pos,
        metadata: {},
      }
    }
    return this.client.complete({ code: content.code, cursorPos: content.cursor_pos })
  }

  async inspectRequest(
    content: KernelMessage.IInspectRequestMsg['content'],
  ): Promise<KernelMessage.IInspectReplyMsg['content']> {
    if (this.failure ?? this.client.error) return { status: 'ok', found: false, data: {}, metadata: {} }
    return this.client.inspect({ code: content.code, cursorPos: content.cursor_pos, detailLevel: content.detail_level })
  }

  async isCompleteRequest(
    content: KernelMessage.IIsCompleteRequestMsg['content'],
  ): Promise<KernelMessage.IIsCompleteReplyMsg['content']> {
    if (this.failure ?? this.client.error) return { status: 'unknown' }
    return this.client.isComplete({ code: content.code })
  }

  async commInfoRequest(
    content: KernelMessage.ICommInfoRequestMsg['content'],
  ): Promise<KernelMessage.ICommInfoReplyMsg['content']> {
    await this.started
    if (this.failure ?? this.client.error) return { status: 'ok', comms: {} }
    return { status: 'ok', comms: await this.client.commInfo({ targetName: content.target_name }) }
  }

  /** The user's answer to input(): the worker is blocked on the shared buffer waiting for it. */
  inputReply(content: KernelMessage.IInputReplyMsg['content']): void {
    void this.client.signals(this.shared).then((s) => {
      if (content.status === 'ok') s?.replyInput(content.value)
      else s?.cancelInput()
    })
  }

  // Comms (ipywidgets): Python's comm manager (py/quire_kernel/comm.py) handles them; what its
  // handlers send back is published with the page's message as parent, as ipykernel does.
  async commOpen(msg: KernelMessage.ICommOpenMsg): Promise<void> {
    await this.forwardComm(
      { msgType: 'comm_open', content: msg.content, metadata: msg.metadata, buffers: toBytes(msg.buffers) },
      msg.header,
    )
  }
  async commMsg(msg: KernelMessage.ICommMsgMsg): Promise<void> {
    await this.forwardComm(
      { msgType: 'comm_msg', content: msg.content, metadata: msg.metadata, buffers: toBytes(msg.buffers) },
      msg.header,
    )
  }
  async commClose(msg: KernelMessage.ICommCloseMsg): Promise<void> {
    await this.forwardComm(
      { msgType: 'comm_close', content: msg.content, metadata: msg.metadata, buffers: toBytes(msg.buffers) },
      msg.header,
    )
  }

  private async forwardComm(payload: CommPayload, parent: Header): Promise<void> {
    await this.started
    // A dead kernel has no comms; the widget shows as disconnected once the status says so.
    if (this.failure ?? this.client.error) return
    await this.client.comm(payload, (event) => this.publish(event, parent))
  }

  private connect(): KernelWorkerClient {
    const adopted = this.prebooted
    this.prebooted = undefined
    const client = adopted ?? new KernelWorkerClient(this.options.createWorker(), this.options.installPackages)
    // ipykernel sends such messages with the parent it last handled; so do we.
    client.onBackgroundEvent = (event) => this.publish(event, this.parentHeader)
    return client
  }

  private async start(): Promise<void> {
    const { init, installPackages } = this.options
    try {
      const payload = typeof init === 'function' ? await init() : init
      this.info = await this.client.init({
        ...payload,
        hasInstaller: installPackages !== undefined,
        shared: this.shared,
      })
      this.failure = undefined
    } catch (err) {
      this.failure = toAppError(err, 'KERNEL_START_FAILED')
    }
  }

  /** Every event from the worker goes out here (OutputLimitedKernel orders output in this one place). */
  protected publish(event: KernelEvent, parent: Header): void {
    switch (event.type) {
      case 'stream':
        return this.stream(event.content, parent)
      case 'execute_result':
        return this.publishExecuteResult(event.content, parent)
      case 'display_data':
        return this.displayData(event.content, parent)
      case 'update_display_data':
        return this.updateDisplayData(event.content, parent)
      case 'clear_output':
        return this.clearOutput(event.content, parent)
      case 'error':
        return this.publishExecuteError(event.content, parent)
      case 'input_request':
        return this.inputRequest(event.content, parent)
      case 'comm_open':
      case 'comm_msg':
      case 'comm_close':
        return this.handleComm(event.type, event.content, event.metadata, event.buffers, parent)
      case 'files_changed':
        return this.options.onFilesChanged?.(event.content, parent?.msg_id)
      default:
        return assertNever(event)
    }
  }

  private stoppedBeforeStart(executionCount: number, parent: Header): ExecuteReply {
    const { ename, evalue } = STOPPED_BEFORE_START
    this.publishExecuteError({ ename, evalue, traceback: [`${ename}: ${evalue}`] }, parent)
    return { status: 'error', execution_count: executionCount, ename, evalue, traceback: [] }
  }

  /** Shows why nothing ran in the cell's output, and answers with an error reply. */
  private reportFailure(error: AppError, executionCount: number, parent: Header): ExecuteReply {
    const { title, action } = errorText(error.code)
    this.stream({ name: 'stderr', text: `${error.code}: ${title}. ${action}\n(${error.message})\n` }, parent)
    return { status: 'error', execution_count: executionCount, ename: error.code, evalue: error.message, traceback: [] }
  }

  private status(state: 'busy' | 'idle', parent: KernelMessage.IMessage): void {
    this.send(
      KernelMessage.createMessage({
        msgType: 'status',
        channel: 'iopub',
        session: parent.header.session,
        parentHeader: parent.header,
        content: { execution_state: state },
      }),
    )
  }
}

/** A Jupyter message's binary buffers as bytes that cross postMessage. */
function toBytes(buffers: KernelMessage.IMessage['buffers']): Uint8Array[] {
  return (buffers ?? []).map((b) =>
    b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
  )
}
