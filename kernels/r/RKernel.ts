// The R notebook kernel: JupyterLite's BaseKernel over webR. webR runs R in its own worker (started
// from its baseUrl), so this class stays on the main thread and drives R's console (RSession).
import type { KernelMessage } from '@jupyterlab/services'
import { BaseKernel, type IKernel } from '@jupyterlite/services'
import { AppError, assertNever, type ErrorCode } from '../../src/shared/errors'
import { kernelInfoReply } from '../shared/kernelInfo'
import { StopGate, STOPPED_BEFORE_START } from '../shared/stopGate'
import { RSession, type REvent, type RExecuteResult } from './RSession'
import type { RRuntime, RStartOptions } from './runtime'
import { runnerSource } from './sources'

export interface RKernelOptions extends IKernel.IOptions {
  /** e.g. `async () => new (await import('webr')).WebR({ baseUrl })`; called once per kernel. */
  createRuntime: () => RRuntime | Promise<RRuntime>
  /** Where R works and what it finds there; a function lets the caller gather it lazily. */
  init: RStartOptions | (() => Promise<RStartOptions>)
}

type Header = KernelMessage.IHeader<KernelMessage.MessageType> | undefined
type ExecuteReply = KernelMessage.IExecuteReplyMsg['content']

export class RKernel extends BaseKernel {
  private session: RSession | undefined
  private readonly started: Promise<void>
  private rVersion = ''
  private workdir: string | undefined
  private failure: AppError | undefined
  private readonly stopGate = new StopGate()

  constructor(options: RKernelOptions) {
    super(options)
    this.started = this.start(options)
  }

  /** Settles once R has started or failed; a failed start shows on the next execute (as Python's). */
  override get ready(): Promise<void> {
    return this.started
  }

  get startError(): AppError | undefined {
    return this.failure
  }

  /** Where R works: the folder the page keeps in step with the workspace (syncFiles). */
  get cwd(): string | undefined {
    return this.workdir
  }

  /** The user's file and folder changes since start, written into R's working directory. */
  async syncFiles(files: Array<{ path: string; data: Uint8Array | 'folder' | null }>): Promise<void> {
    await this.started
    if (!this.session || !this.workdir || this.failure) return
    await this.session.syncFiles(this.workdir, files)
  }

  /** Stops the running cell with R's interrupt condition; the workspace stays. */
  async interrupt(): Promise<void> {
    this.stopGate.stop()
    this.session?.interrupt()
  }

  override dispose(): void {
    if (this.isDisposed) return
    this.session?.close()
    super.dispose()
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg['content']> {
    return kernelInfoReply({
      implementation: 'quire-webr',
      languageLabel: `R ${this.rVersion}`,
      runtime: 'webR',
      // As IRkernel describes R, so notebooks saved here open the same way elsewhere.
      language_info: {
        name: 'R',
        version: this.rVersion,
        mimetype: 'text/x-r-source',
        file_extension: '.r',
        codemirror_mode: 'r',
        pygments_lexer: 'r',
      },
      help_links: [{ text: 'webR', url: 'https://docs.r-wasm.org/webr/latest/' }],
    })
  }

  async executeRequest(content: KernelMessage.IExecuteRequestMsg['content']): Promise<ExecuteReply> {
    const executionCount = this.executionCount
    // Captured now: outputs must go to this cell even if they arrive after the next request.
    const parent = this.parentHeader
    if (!content.silent && this.stopGate.blocks(parent)) {
      this.publishExecuteError({ ...STOPPED_BEFORE_START, traceback: [] }, parent)
      return { status: 'error', execution_count: executionCount, ...STOPPED_BEFORE_START, traceback: [] }
    }
    if (this.failure || !this.session)
      return this.reportFailure(this.failure ?? new AppError('KERNEL_DEAD', 'R is not running'), executionCount, parent)
    try {
      const result: RExecuteResult = await this.session.execute(content.code, executionCount, (e) =>
        this.publish(e, parent),
      )
      if (result.status === 'ok')
        return { status: 'ok', execution_count: executionCount, user_expressions: {}, payload: [] }
      return { ...result, execution_count: executionCount }
    } catch (err) {
      return this.reportFailure(toAppError(err, 'KERNEL_DEAD'), executionCount, parent)
    }
  }

  // Completion and inspection are not offered for R yet: empty answers rather than fakes.
  async completeRequest(
    content: KernelMessage.ICompleteRequestMsg['content'],
  ): Promise<KernelMessage.ICompleteReplyMsg['content']> {
    return { status: 'ok', matches: [], cursor_start: content.cursor_pos, cursor_end: content.cursor_pos, metadata: {} }
  }

  async inspectRequest(
    _content: KernelMessage.IInspectRequestMsg['content'],
  ): Promise<KernelMessage.IInspectReplyMsg['content']> {
    return { status: 'ok', found: false, data: {}, metadata: {} }
  }

  async isCompleteRequest(
    _content: KernelMessage.IIsCompleteRequestMsg['content'],
  ): Promise<KernelMessage.IIsCompleteReplyMsg['content']> {
    return { status: 'unknown' }
  }

  async commInfoRequest(
    _content: KernelMessage.ICommInfoRequestMsg['content'],
  ): Promise<KernelMessage.ICommInfoReplyMsg['content']> {
    return { status: 'ok', comms: {} }
  }

  inputReply(_content: KernelMessage.IInputReplyMsg['content']): void {}
  async commOpen(_msg: KernelMessage.ICommOpenMsg): Promise<void> {}
  async commMsg(_msg: KernelMessage.ICommMsgMsg): Promise<void> {}
  async commClose(_msg: KernelMessage.ICommCloseMsg): Promise<void> {}

  private async start(options: RKernelOptions): Promise<void> {
    try {
      const init = typeof options.init === 'function' ? await options.init() : options.init
      const session = new RSession(await options.createRuntime())
      // Kept before start() resolves so dispose() can close a webR that is still booting.
      this.session = session
      this.rVersion = (await session.start(init, runnerSource)).rVersion
      this.workdir = init.cwd
    } catch (err) {
      this.failure = toAppError(err, 'KERNEL_START_FAILED')
    }
  }

  private publish(event: REvent, parent: Header): void {
    switch (event.type) {
      case 'stream':
        return this.stream(event.content, parent)
      case 'execute_result':
        return this.publishExecuteResult(event.content, parent)
      case 'display_data':
        return this.displayData(event.content, parent)
      case 'error':
        return this.publishExecuteError(event.content, parent)
      default:
        return assertNever(event)
    }
  }

  /** Shows why nothing ran in the cell's output, and answers with an error reply. */
  private reportFailure(error: AppError, executionCount: number, parent: Header): ExecuteReply {
    this.stream({ name: 'stderr', text: `${error.code}: ${error.message}\n` }, parent)
    return { status: 'error', execution_count: executionCount, ename: error.code, evalue: error.message, traceback: [] }
  }
}

function toAppError(err: unknown, code: ErrorCode): AppError {
  return err instanceof AppError ? err : new AppError(code, err instanceof Error ? err.message : String(err))
}
