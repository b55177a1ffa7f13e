// The Python kernel with output limits (outputLimit.ts): a cell's stream text is cut past a cap,
// with a notice that offers the whole output. Text arrives already joined per interval and in the
// order printed (py/quire_kernel/streams.py batches at the source); here stream messages that pile
// up while the page is busy rendering are joined, with no added wait. Every other message for a
// cell first flushes the text before it, and so does the end of the cell: JupyterLab drops output
// that arrives after a cell's reply.
import type { KernelMessage } from '@jupyterlab/services'
import { PyodideKernel, type PyodideKernelOptions } from './PyodideKernel'
import type { KernelEvent } from './protocol'
import { StreamBatcher, StreamLimiter, TRUNCATED_MIME, type StreamContent } from './outputLimit'

type Header = KernelMessage.IHeader<KernelMessage.MessageType> | undefined

export interface OutputLimits {
  /** Stream text shown per cell (default 1 M characters). */
  maxShownBytes?: number
  /** Stream text kept per cell for "save all" (default 256 M characters). */
  maxKeptBytes?: number
  /** How long the page waits to join stream messages (default 0: only what piled up meanwhile). */
  intervalMs?: number
}

export class OutputLimitedKernel extends PyodideKernel {
  private readonly limiter: StreamLimiter
  private readonly batcher: StreamBatcher

  constructor(options: PyodideKernelOptions & { limits?: OutputLimits }) {
    super(options)
    const l = options.limits ?? {}
    this.limiter = new StreamLimiter({
      maxShownBytes: l.maxShownBytes ?? 1 << 20,
      maxKeptBytes: l.maxKeptBytes ?? 256 << 20,
    })
    this.batcher = new StreamBatcher({ intervalMs: l.intervalMs ?? 0, emit: (c, p) => this.show(c, p as Header) })
  }

  override async executeRequest(content: KernelMessage.IExecuteRequestMsg['content']) {
    const parentId = this.parentHeader?.msg_id ?? ''
    try {
      return await super.executeRequest(content)
    } finally {
      this.batcher.flush()
      // JupyterLab drops output after the reply: the cell's count and shown copy are done with.
      this.limiter.forget(parentId)
    }
  }

  protected override stream(content: StreamContent, parent?: Header): void {
    this.batcher.push(parent?.msg_id ?? '', content, parent)
  }

  // Any other message (display, error, input(), a comm message such as ipywidgets' Output
  // setting msg_id) must follow the text printed before it.
  protected override publish(event: KernelEvent, parent: Header): void {
    if (event.type === 'stream') return this.stream(event.content, parent)
    this.batcher.flush()
    if (event.type === 'clear_output') this.limiter.forget(parent?.msg_id ?? '')
    super.publish(event, parent)
  }

  private show(content: StreamContent, parent: Header): void {
    const { text, notice } = this.limiter.admit(parent?.msg_id ?? '', content.text)
    if (text) super.stream({ name: content.name, text }, parent)
    if (notice)
      super.displayData(
        {
          data: {
            [TRUNCATED_MIME]: { ...notice },
            'text/plain': `[output cut after ${notice.shownBytes} characters; Quire kept the rest while this page is open]`,
          },
          metadata: {},
        },
        parent,
      )
  }
}
