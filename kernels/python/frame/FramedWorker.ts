// The page's side of the isolation frame: a WorkerLike whose worker runs inside an opaque-origin
// sandboxed iframe, so Python's `js` module reaches no IndexedDB, CacheStorage, service worker
// or OPFS of the app's origin. The kernel protocol travels on a MessagePort straight to the
// worker (generic: every message, with its transferables); see docs/SECURITY.md.
import { toBase64 } from '../../../src/shared/base64'
import { AppError } from '../../../src/shared/errors'
import type { MainMessage, WorkerMessage } from '../protocol'
import type { WorkerLike } from '../worker-client'
import { EarlyFetches } from './early-fetches'
import { pyodideFolders, serveFetches } from './fetch-proxy'
import type { ControlEvent, ControlRequest, FrameStart, FrameStep } from './messages'
import type { KernelSignals } from './signals'

export interface FramedWorkerOptions {
  /** The built kernel worker: one self-contained ES module (vite.config.ts, worker options). */
  workerUrl: string
  /** The frame's script (frame-main.ts), built the same way. */
  frameUrl: string
  /** The page's fetch: with the service worker, so the frame starts offline too. */
  fetch: typeof fetch
  /** Where the hidden frame is attached. */
  host: HTMLElement
  /**
   * Pyodide's index folder, when known before `boot`: its core files are fetched at once, while the
   * frame and the worker start (early-fetches.ts), and served only once `boot` or `init` names it.
   */
  coreFolder?: string
}

/** No allow-same-origin: the frame and its worker get an opaque origin (docs/SECURITY.md). */
export const KERNEL_FRAME_SANDBOX = 'allow-scripts'

export class FramedWorker implements WorkerLike {
  onmessage: ((ev: MessageEvent<WorkerMessage>) => void) | null = null
  onerror: ((ev: ErrorEvent) => void) | null = null
  /** Settles once the frame has started the worker: undefined when it has no shared memory. */
  readonly signals: Promise<KernelSignals | undefined>
  private readonly frame = document.createElement('iframe')
  private readonly kernel = new MessageChannel()
  private readonly fetches = new MessageChannel()
  private readonly control = new MessageChannel()
  /** Pyodide's folders, learnt from `boot`/`init`: the only URLs the page fetches for the worker. */
  private readonly prefixes = new Set<string>()
  private settleSignals: (s: KernelSignals | undefined) => void = () => {}
  private isTerminated = false
  private readonly early: EarlyFetches | undefined

  constructor(private readonly options: FramedWorkerOptions) {
    this.signals = new Promise((resolve) => (this.settleSignals = resolve))
    this.kernel.port1.onmessage = (ev: MessageEvent<WorkerMessage>) => this.onmessage?.(ev)
    this.kernel.port1.onmessageerror = () => this.fail('run', 'a message from the kernel could not be read')
    this.control.port1.onmessage = (ev: MessageEvent<ControlEvent>) => this.onControl(ev.data)
    this.early = options.coreFolder ? new EarlyFetches(options.fetch, options.coreFolder) : undefined
    serveFetches(this.fetches.port1, options.fetch, this.prefixes, this.early)
    this.frame.setAttribute('sandbox', KERNEL_FRAME_SANDBOX)
    // Lets the frame be cross-origin isolated (SharedArrayBuffer) when the page is.
    this.frame.setAttribute('allow', 'cross-origin-isolated')
    this.frame.setAttribute('aria-hidden', 'true')
    this.frame.className = 'quire-KernelFrame'
    this.frame.title = 'Python kernel (isolated)'
    this.frame.style.display = 'none'
    void this.start().catch((err: unknown) =>
      this.fail('frame', `the kernel frame did not start: ${err instanceof Error ? err.message : String(err)}`),
    )
  }

  postMessage(message: MainMessage, transfer: Transferable[] = []): void {
    // `boot` (src/session/preboot.ts) or `init` names them, before Pyodide fetches anything.
    for (const folder of 'payload' in message ? pyodideFolders(message) : []) this.prefixes.add(folder)
    if (message.type === 'init') {
      // The page's shared memory cannot cross into the frame's agent cluster; the frame has its own.
      message = { ...message, payload: { ...message.payload, shared: undefined } }
    }
    this.kernel.port1.postMessage(message, transfer)
  }

  terminate(): void {
    if (this.isTerminated) return
    this.isTerminated = true
    // Removing the frame ends its document and the dedicated worker it owns.
    this.frame.remove()
    this.early?.dispose()
    for (const ch of [this.kernel, this.fetches, this.control]) ch.port1.close()
    this.settleSignals(undefined)
  }

  private async start(): Promise<void> {
    const [frameCode, workerCode] = await Promise.all([
      this.fetchBytes(this.options.frameUrl),
      this.fetchBytes(this.options.workerUrl),
    ])
    // The frame's document is the app's own code only; as a data: module it needs no network.
    const src = `data:text/javascript;base64,${toBase64(new Uint8Array(frameCode))}`
    this.frame.srcdoc = `<!doctype html><meta charset="utf-8"><script type="module" src="${src}"></script>`
    const loaded = new Promise<void>((resolve) => this.frame.addEventListener('load', () => resolve(), { once: true }))
    this.options.host.append(this.frame)
    await loaded
    const target = this.frame.contentWindow
    if (this.isTerminated || !target) return
    const start: FrameStart = {
      type: 'quire-kernel-frame-start',
      workerCode,
      kernelPort: this.kernel.port2,
      fetchPort: this.fetches.port2,
      controlPort: this.control.port2,
    }
    // '*': an opaque origin has no name to target; the frame is ours and was just loaded.
    target.postMessage(start, '*', [workerCode, this.kernel.port2, this.fetches.port2, this.control.port2])
  }

  private async fetchBytes(url: string): Promise<ArrayBuffer> {
    const res = await this.options.fetch(url)
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
    return res.arrayBuffer()
  }

  private onControl(event: ControlEvent): void {
    if (event.type === 'started') this.settleSignals(event.hasShared ? this.controlSignals() : undefined)
    else if (event.type === 'error') this.fail(event.step, event.message)
  }

  private controlSignals(): KernelSignals {
    const send = (req: ControlRequest) => this.control.port1.postMessage(req)
    return {
      interrupt: () => send({ type: 'interrupt' }),
      replyInput: (text) => send({ type: 'input_reply', text }),
      cancelInput: () => send({ type: 'input_cancel' }),
    }
  }

  /** `error` carries the step, for KERNEL_START_FAILED's data (worker-client.ts). */
  private fail(step: FrameStep, message: string): void {
    this.settleSignals(undefined)
    const error = new AppError('KERNEL_START_FAILED', message, { step, where: 'isolation frame' })
    if (!this.isTerminated) this.onerror?.(new ErrorEvent('error', { message, error }))
  }
}
