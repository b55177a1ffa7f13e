// The notebook's kernel: JupyterLite's BaseKernel speaking to Python in a Pyodide worker.
// BaseKernel turns Jupyter messages into the *Request calls below and wraps our replies.
import { KernelMessage } from '@jupyterlab/services'
import { BaseKernel, type IKernel } from '@jupyterlite/services'
import { AppError, assertNever, type ErrorCode } from '../../src/shared/errors'
import type { InitPayload, InitResult, KernelEvent } from './protocol'
import { KernelWorkerClient, type WorkerLike } from './worker-client'

export interface PyodideKernelOptions extends IKernel.IOptions {
  /** e.g. `() => new Worker(new URL('../../workers/kernel.worker.ts', import.meta.url), { type: 'module' })` */
  createWorker: () => WorkerLike
  /** What to install and where to run; a function lets the caller gather it lazily. */
  init: InitPayload | (() => Promise<InitPayload>)
}

type Header = KernelMessage.IHeader<KernelMessage.MessageType> | undefined
type ExecuteReply = KernelMessage.IExecuteReplyMsg['content']

/** Used only when start-up failed before Python could tell us its version. */
const FALLBACK_PYTHON_VERSION = '3.14'
const IMPLEMENTATION_VERSION = '0.1.0'

export class PyodideKernel extends BaseKernel {
  private readonly client: KernelWorkerClient
  private readonly send: IKernel.SendMessage
  private readonly started: Promise<void>
  private info: InitResult | undefined
  private failure: AppError | undefined

  constructor(options: PyodideKernelOptions) {
    super(options)
    this.send = options.sendMessage
    this.client = new KernelWorkerClient(options.createWorker())
    this.started = this.start(options.init)
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

  override dispose(): void {
    if (this.isDisposed) return
    this.client.terminate()
    super.dispose()
  }

  override async handleMessage(msg: KernelMessage.IMessage): Promise<void> {
    // BaseKernel 0.8.4 drops comm_info_request, and ipywidgets waits for its reply forever.
    if (!isCommInfoRequest(msg)) return super.handleMessage(msg)
    this.status('busy', msg)
    const content = await this.commInfoRequest(msg.content)
    this.send(KernelMessage.createMessage({
      msgType: 'comm_info_reply', channel: 'shell', session: msg.header.session, parentHeader: msg.header, content,
    }))
    this.status('idle', msg)
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg['content']> {
    const python = this.info?.pythonVersion ?? FALLBACK_PYTHON_VERSION
    const pyodide = this.info ? ` on Pyodide ${this.info.pyodideVersion}` : ''
    return {
      status: 'ok',
      protocol_version: '5.3',
      implementation: 'quire-pyodide',
      implementation_version: IMPLEMENTATION_VERSION,
      language_info: {
        name: 'python',
        version: python,
        mimetype: 'text/x-python',
        file_extension: '.py',
        codemirror_mode: { name: 'ipython', version: 3 },
        pygments_lexer: 'ipython3',
        nbconvert_exporter: 'python',
      },
      banner: `Quire: Python ${python}${pyodide}, running in your browser`,
      help_links: [
        { text: 'Python Reference', url: 'https://docs.python.org/3/' },
        { text: 'Pyodide', url: 'https://pyodide.org/' },
      ],
    }
  }

  async executeRequest(content: KernelMessage.IExecuteRequestMsg['content']): Promise<ExecuteReply> {
    const executionCount = this.executionCount
    // Captured now: outputs must go to this cell even if they arrive after the next request.
    const parent = this.parentHeader
    const unusable = this.failure ?? this.client.error
    if (unusable) return this.reportFailure(unusable, executionCount, parent)
    try {
      const result = await this.client.execute(
        { code: content.code, executionCount },
        (event) => this.publish(event, parent),
      )
      if (result.status === 'ok') return { status: 'ok', execution_count: executionCount, user_expressions: {}, payload: [] }
      return { ...result, execution_count: executionCount }
    } catch (err) {
      return this.reportFailure(toAppError(err, 'KERNEL_DEAD'), executionCount, parent)
    }
  }

  async completeRequest(content: KernelMessage.ICompleteRequestMsg['content']): Promise<KernelMessage.ICompleteReplyMsg['content']> {
    if (this.failure ?? this.client.error) {
      return { status: 'ok', matches: [], cursor_start: content.cursor_pos, cursor_end: content.cursor_pos, metadata: {} }
    }
    return this.client.complete({ code: content.code, cursorPos: content.cursor_pos })
  }

  async inspectRequest(content: KernelMessage.IInspectRequestMsg['content']): Promise<KernelMessage.IInspectReplyMsg['content']> {
    if (this.failure ?? this.client.error) return { status: 'ok', found: false, data: {}, metadata: {} }
    return this.client.inspect({ code: content.code, cursorPos: content.cursor_pos, detailLevel: content.detail_level })
  }

  async isCompleteRequest(content: KernelMessage.IIsCompleteRequestMsg['content']): Promise<KernelMessage.IIsCompleteReplyMsg['content']> {
    if (this.failure ?? this.client.error) return { status: 'unknown' }
    return this.client.isComplete({ code: content.code })
  }

  async commInfoRequest(_content: KernelMessage.ICommInfoRequestMsg['content']): Promise<KernelMessage.ICommInfoReplyMsg['content']> {
    return { status: 'ok', comms: {} }
  }

  // Comms (ipywidgets) and stdin (input()) are not supported yet: ignored rather than faked.
  inputReply(_content: KernelMessage.IInputReplyMsg['content']): void {}
  async commOpen(_msg: KernelMessage.ICommOpenMsg): Promise<void> {}
  async commMsg(_msg: KernelMessage.ICommMsgMsg): Promise<void> {}
  async commClose(_msg: KernelMessage.ICommCloseMsg): Promise<void> {}

  private async start(init: PyodideKernelOptions['init']): Promise<void> {
    try {
      const payload = typeof init === 'function' ? await init() : init
      this.info = await this.client.init(payload)
    } catch (err) {
      this.failure = toAppError(err, 'KERNEL_START_FAILED')
    }
  }

  private publish(event: KernelEvent, parent: Header): void {
    switch (event.type) {
      case 'stream': return this.stream(event.content, parent)
      case 'execute_result': return this.publishExecuteResult(event.content, parent)
      case 'display_data': return this.displayData(event.content, parent)
      case 'error': return this.publishExecuteError(event.content, parent)
      default: return assertNever(event)
    }
  }

  /** Shows why nothing ran in the cell's output, and answers with an error reply. */
  private reportFailure(error: AppError, executionCount: number, parent: Header): ExecuteReply {
    this.stream({ name: 'stderr', text: `${error.code}: ${error.message}\n` }, parent)
    return { status: 'error', execution_count: executionCount, ename: error.code, evalue: error.message, traceback: [] }
  }

  private status(state: 'busy' | 'idle', parent: KernelMessage.IMessage): void {
    this.send(KernelMessage.createMessage({
      msgType: 'status', channel: 'iopub', session: parent.header.session, parentHeader: parent.header,
      content: { execution_state: state },
    }))
  }
}

function isCommInfoRequest(msg: KernelMessage.IMessage): msg is KernelMessage.ICommInfoRequestMsg {
  return msg.header.msg_type === 'comm_info_request'
}

function toAppError(err: unknown, code: ErrorCode): AppError {
  return err instanceof AppError ? err : new AppError(code, err instanceof Error ? err.message : String(err))
}
