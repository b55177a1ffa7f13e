// The page's side of the R isolation frame: an RRuntime (runtime.ts) whose webR runs inside an
// opaque-origin sandboxed iframe of its own, made as the Python kernel's (kernels/python/frame).
// The page answers the frame's requests for webR's files (only under `baseUrl`) with its own
// fetch, so the service worker serves them offline too; see docs/SECURITY.md.
import { toBase64 } from '../../../src/shared/base64'
import { serveFetches } from '../../python/frame/fetch-proxy'
import { KERNEL_FRAME_SANDBOX } from '../../python/frame/FramedWorker'
import type { RRuntime } from '../runtime'
import type { RFrameStart } from './messages'
import { RRuntimeClient } from './rpc'

export interface FramedRRuntimeOptions {
  /** The frame's script (r-frame-main.ts), one self-contained ES module. */
  frameUrl: string
  /** The host worker where webR runs (r-host.ts), one self-contained ES module. */
  hostUrl: string
  /** webR's runtime folder (config `webrBaseUrl`). */
  baseUrl: string
  /** webR's package repository (config `webrRepoUrl`). */
  repoUrl: string
  /** The page's fetch: with the service worker, so R starts offline too. */
  fetch: typeof fetch
  /** Where the hidden frame is attached. */
  host: HTMLElement
}

export const R_FRAME_CLASS = 'quire-RKernelFrame'

export function createFramedRRuntime(options: FramedRRuntimeOptions): RRuntime {
  const baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`
  const rpc = new MessageChannel()
  const fetches = new MessageChannel()
  const errors = new MessageChannel()
  const frame = document.createElement('iframe')
  const client = new RRuntimeClient(rpc.port1, () => {
    // Removing the frame ends its document, webR and R's worker.
    frame.remove()
    for (const ch of [rpc, fetches, errors]) ch.port1.close()
  })
  errors.port1.onmessage = (ev: MessageEvent<unknown>) => client.fail(`R stopped: ${String(ev.data)}`)
  serveFetches(fetches.port1, options.fetch, new Set([baseUrl]))
  frame.setAttribute('sandbox', KERNEL_FRAME_SANDBOX)
  // Shared memory for webR's channel (interrupt, console input) when the page is cross-origin isolated.
  frame.setAttribute('allow', 'cross-origin-isolated')
  frame.setAttribute('aria-hidden', 'true')
  frame.className = R_FRAME_CLASS
  frame.title = 'R kernel (isolated)'
  frame.style.display = 'none'

  const fetchBytes = async (url: string) => {
    const res = await options.fetch(url)
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
    return res.arrayBuffer()
  }
  const start = async () => {
    const [frameCode, hostCode] = await Promise.all([fetchBytes(options.frameUrl), fetchBytes(options.hostUrl)])
    // The frame's document is the app's own code only; as a data: module it needs no network.
    const src = `data:text/javascript;base64,${toBase64(new Uint8Array(frameCode))}`
    frame.srcdoc = `<!doctype html><meta charset="utf-8"><script type="module" src="${src}"></script>`
    const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }))
    options.host.append(frame)
    await loaded
    const target = frame.contentWindow
    if (!target) throw new Error('the R frame has no window')
    const msg: RFrameStart = {
      type: 'quire-r-frame-start',
      hostCode,
      rpcPort: rpc.port2,
      fetchPort: fetches.port2,
      errorPort: errors.port2,
      baseUrl,
      repoUrl: options.repoUrl,
    }
    // '*': an opaque origin has no name to target; the frame is ours and was just loaded.
    target.postMessage(msg, '*', [hostCode, rpc.port2, fetches.port2, errors.port2])
  }
  start().catch((err: unknown) =>
    client.fail(`the R frame did not start: ${err instanceof Error ? err.message : String(err)}`),
  )
  return client
}
