// The Python kernel with output limits (outputLimit.ts): stream text is joined per interval and
// cut past a cap, with a notice that offers the whole output. Every other message for a cell
// first flushes the text printed before it, and so does the end of the cell: JupyterLab drops
// output that arrives after a cell's reply.
import type { KernelMessage } from '@jupyterlab/services'
import { PyodideKernel, type PyodideKernelOptions } from './PyodideKernel'
import { StreamBatcher, StreamLimiter, TRUNCATED_MIME, type StreamContent } from './outputLimit'

type Header = KernelMessage.IHeader<KernelMessage.MessageType> | undefined

export interface OutputLimits {
  /** Stream text shown per cell (default 1 M characters). */
  maxShownBytes?: number
  /** Stream text kept per cell for "save all" (default 256 M characters). */
  maxKeptBytes?: number
  /** How long stream text is gathered before it is shown (default 50 ms). */
  intervalMs?: number
}

export class OutputLimitedKernel extends PyodideKernel {
  private readonly limiter: StreamLimiter
  private readonly batcher: StreamBatcher

  constructor(options: PyodideKernelOptions & { limits?: OutputLimits }) {
    super(options)
    const l = options.limits ?? {}
    this.limiter = new StreamLimiter({ maxShownBytes: l.maxShownBytes ?? 1 << 20, maxKeptBytes: l.maxKeptBytes ?? 256 << 20 })
    this.batcher = new StreamBatcher({ intervalMs: l.intervalMs ?? 50, emit: (c, p) => this.show(c, p as Header) })
  }

  override async executeRequest(content: KernelMessage.IExecuteRequestMsg['content']) {
    try {
      return await super.executeRequest(content)
    } finally {
      this.batcher.flush()
    }
  }

  protected override stream(content: StreamContent, parent?: Header): void {
    this.batcher.push(parent?.msg_id ?? '', content, parent)
  }

  private show(content: StreamContent, parent: Header): void {
    const { text, notice } = this.limiter.admit(parent?.msg_id ?? '', content.text)
    if (text) super.stream({ name: content.name, text }, parent)
    if (notice) super.displayData({ data: { [TRUNCATED_MIME]: { ...notice }, 'text/plain': `[output cut after ${notice.shownBytes} characters; Quire kept the rest while this page is open]` }, metadata: {} }, parent)
  }

  protected override displayData(content: KernelMessage.IDisplayDataMsg['content'], parent?: Header): void {
    this.batcher.flush()
    super.displayData(content, parent)
  }

  protected override updateDisplayData(content: KernelMessage.IUpdateDisplayDataMsg['content'], parent?: Header): void {
    this.batcher.flush()
    super.updateDisplayData(content, parent)
  }

  protected override clearOutput(content: KernelMessage.IClearOutputMsg['content'], parent?: Header): void {
    this.batcher.flush()
    this.limiter.reset(parent?.msg_id ?? '')
    super.clearOutput(content, parent)
  }

  protected override publishExecuteResult(content: KernelMessage.IExecuteResultMsg['content'], parent?: Header): void {
    this.batcher.flush()
    super.publishExecuteResult(content, parent)
  }

  protected override publishExecuteError(content: KernelMessage.IErrorMsg['content'], parent?: Header): void {
    this.batcher.flush()
    super.publishExecuteError(content, parent)
  }

  protected override inputRequest(content: KernelMessage.IInputRequestMsg['content'], parent?: Header): void {
    this.batcher.flush()
    super.inputRequest(content, parent)
  }

  // A comm message (ipywidgets' Output sets msg_id around a `with` block) must follow the text printed before it.
  protected override handleComm(...args: Parameters<PyodideKernel['handleComm']>): void {
    this.batcher.flush()
    super.handleComm(...args)
  }
}
