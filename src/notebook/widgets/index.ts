// ipywidgets in a notebook. This file is small and always loaded; the widget manager, the
// controls and their CSS (./manager.ts) are a separate chunk, fetched only when the kernel opens
// a `jupyter.widget` comm or an output carries a widget view.
import type { NotebookPanel } from '@jupyterlab/notebook'
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime'
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces'
import type { Kernel, KernelMessage } from '@jupyterlab/services'
import { Panel } from '@lumino/widgets'
import type { WidgetManager } from './manager'

export const WIDGET_VIEW_MIMETYPE = 'application/vnd.jupyter.widget-view+json'
const WIDGET_TARGET = 'jupyter.widget'

// One manager per kernel connection, as JupyterLab has one per notebook's kernel.
const managers = new WeakMap<Kernel.IKernelConnection, Promise<WidgetManager>>()

function managerFor(kernel: Kernel.IKernelConnection, rendermime: IRenderMimeRegistry): Promise<WidgetManager> {
  let manager = managers.get(kernel)
  if (!manager) {
    manager = import('./manager').then((m) => new m.WidgetManager(kernel, rendermime))
    managers.set(kernel, manager)
  }
  return manager
}

/**
 * Live widgets for a notebook panel: its kernel's `jupyter.widget` comms and the widget-view
 * output type. The renderer is registered unsafe, as JupyterLab does, so widget views stored in
 * a repository's notebook show as text until their cells are run again.
 */
export function enableWidgets(panel: NotebookPanel): void {
  const { sessionContext } = panel
  const rendermime = panel.content.rendermime
  const watch = (kernel: Kernel.IKernelConnection | null | undefined) => {
    // A manager registers its own target when it is made; until then, make one on the first comm.
    if (!kernel || managers.has(kernel)) return
    kernel.registerCommTarget(WIDGET_TARGET, async (comm: Kernel.IComm, msg: KernelMessage.ICommOpenMsg) => {
      const manager = await managerFor(kernel, rendermime)
      await manager.openComm(comm, msg)
    })
  }
  watch(sessionContext.session?.kernel)
  sessionContext.kernelChanged.connect((_, { newValue }) => watch(newValue))
  const currentManager = () => {
    const kernel = sessionContext.session?.kernel
    return kernel ? managerFor(kernel, rendermime) : undefined
  }
  rendermime.addFactory(
    {
      safe: false,
      mimeTypes: [WIDGET_VIEW_MIMETYPE],
      createRenderer: (options) => new LazyWidgetRenderer(options, currentManager),
    },
    -10,
  )
}

/** Stands in for jupyterlab-manager's WidgetRenderer until the widget chunk has loaded. */
class LazyWidgetRenderer extends Panel implements IRenderMime.IRenderer {
  constructor(
    private readonly options: IRenderMime.IRendererOptions,
    private readonly manager: () => Promise<WidgetManager> | undefined,
  ) {
    super()
    this.addClass('quire-WidgetOutput')
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const pending = this.manager()
    if (!pending) {
      this.node.textContent = 'This widget needs a running kernel: run its cell again.'
      return
    }
    this.node.textContent = 'Loading widget…'
    const [{ createRenderer }, manager] = await Promise.all([import('./manager'), pending])
    this.node.textContent = ''
    const renderer = createRenderer(this.options, manager)
    this.addWidget(renderer)
    await renderer.renderModel(model)
  }
}
