import { RenderedHTML, type IRenderMime } from '@jupyterlab/rendermime'
import { Widget } from '@lumino/widgets'
import { isActiveHtml } from './activeHtml'

// Output that runs script must not run in the app's origin: it could read every repository and
// edit kept in IndexedDB. It renders in an iframe sandboxed WITHOUT allow-same-origin (an opaque
// origin: no storage, no access to this page). Untrusted HTML stays inline and sanitised, as in
// JupyterLab; trusted HTML with no active content also stays inline so tables keep the theme.

// Posts the document's height to the parent so the frame grows with its content.
const RESIZE_SCRIPT = `<script>(() => {
  const send = () => parent.postMessage({ quireFrameHeight: document.documentElement.scrollHeight }, '*')
  new ResizeObserver(send).observe(document.documentElement); addEventListener('load', send); send()
})()</script>`

/** The sandboxed frame that hosts active output; exported for tests of the policy. */
export const FRAME_SANDBOX = 'allow-scripts allow-popups allow-downloads'

export class IsolatedFrame extends Widget {
  private readonly frame = document.createElement('iframe')
  private readonly onMessage = (e: MessageEvent) => {
    const h = (e.data as { quireFrameHeight?: unknown } | null)?.quireFrameHeight
    if (e.source === this.frame.contentWindow && typeof h === 'number' && h > 0)
      this.frame.style.height = `${Math.min(h + 4, 4000)}px`
  }

  constructor() {
    super()
    this.addClass('quire-IsolatedOutput')
    this.frame.setAttribute('sandbox', FRAME_SANDBOX)
    this.frame.setAttribute('referrerpolicy', 'no-referrer')
    this.frame.title = 'Output running in an isolated frame'
    this.frame.style.cssText = 'width:100%;border:0;height:2em;display:block'
    this.node.appendChild(this.frame)
    window.addEventListener('message', this.onMessage)
  }

  load(body: string): void {
    this.frame.srcdoc = `<!doctype html><meta charset="utf-8"><style>body{margin:0;font:13px system-ui,sans-serif}</style>${body}${RESIZE_SCRIPT}`
  }

  dispose(): void {
    window.removeEventListener('message', this.onMessage)
    super.dispose()
  }
}

/** text/html: trusted active HTML in the frame, everything else through JupyterLab's renderer. */
class IsolatedHtml extends Widget implements IRenderMime.IRenderer {
  private inner: Widget | null = null
  constructor(private readonly options: IRenderMime.IRendererOptions) {
    super()
    this.addClass('jp-RenderedHTMLCommon')
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const html = String(model.data['text/html'] ?? '')
    this.inner?.dispose()
    let inner: Widget
    if (model.trusted && isActiveHtml(html)) {
      const frame = new IsolatedFrame()
      frame.load(html)
      inner = frame
    } else {
      const rendered = new RenderedHTML(this.options)
      await rendered.renderModel(model)
      inner = rendered
    }
    this.inner = inner
    this.node.appendChild(inner.node)
  }
}

/** application/javascript (IPython's Javascript): only ever runs inside the frame. */
class IsolatedJavascript extends Widget implements IRenderMime.IRenderer {
  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const frame = new IsolatedFrame()
    const code = String(
      model.data[model.data['application/javascript'] !== undefined ? 'application/javascript' : 'text/javascript'] ??
        '',
    )
    frame.load(
      `<div id="output"></div><script>const element = document.getElementById('output');\n${code.replace(/<\/script/gi, '<\\/script')}</script>`,
    )
    this.node.replaceChildren(frame.node)
  }
}

export const isolatedHtmlRendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: ['text/html'],
  defaultRank: 50,
  createRenderer: (options) => new IsolatedHtml(options),
}

export const isolatedJavascriptRendererFactory: IRenderMime.IRendererFactory = {
  // Not safe: JupyterLab renders it only for trusted outputs, and then only in the frame.
  safe: false,
  mimeTypes: ['text/javascript', 'application/javascript'],
  defaultRank: 110,
  createRenderer: () => new IsolatedJavascript(),
}
