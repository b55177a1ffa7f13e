// The widget manager, its renderer and the controls: the lazy chunk that `./index.ts` loads on
// the first widget. jupyterlab-manager's plugin.js uses webpack's require.ensure, so its `lib/`
// modules are imported one by one (PLATFORM-NOTES.md).
import '@jupyter-widgets/base/css/index.css'
import '@jupyter-widgets/controls/css/widgets-base.css'
import * as base from '@jupyter-widgets/base'
import { KernelWidgetManager } from '@jupyter-widgets/jupyterlab-manager/lib/manager'
import { OUTPUT_WIDGET_VERSION, OutputModel, OutputView } from '@jupyter-widgets/jupyterlab-manager/lib/output'
import { WidgetRenderer } from '@jupyter-widgets/jupyterlab-manager/lib/renderer'
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime'
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces'
import type { Kernel, KernelMessage } from '@jupyterlab/services'
import { controlsModule, JUPYTER_CONTROLS_VERSION } from './controls'

/** A kernel's widget models and views. Only the modules below load: a widget of any other
 * module (a third-party package's JavaScript) shows an error instead of fetching code. */
export class WidgetManager extends KernelWidgetManager {
  constructor(kernel: Kernel.IKernelConnection, rendermime: IRenderMimeRegistry) {
    super(kernel, rendermime)
    this.register({
      name: '@jupyter-widgets/base',
      version: base.JUPYTER_WIDGETS_VERSION,
      exports: {
        WidgetModel: base.WidgetModel,
        WidgetView: base.WidgetView,
        DOMWidgetView: base.DOMWidgetView,
        DOMWidgetModel: base.DOMWidgetModel,
        LayoutModel: base.LayoutModel,
        LayoutView: base.LayoutView,
        StyleModel: base.StyleModel,
        StyleView: base.StyleView,
        ErrorWidgetView: base.ErrorWidgetView,
      },
    })
    this.register({
      name: '@jupyter-widgets/controls',
      version: JUPYTER_CONTROLS_VERSION,
      exports: controlsModule(rendermime.sanitizer),
    })
    this.register({
      name: '@jupyter-widgets/output',
      version: OUTPUT_WIDGET_VERSION,
      exports: { OutputModel, OutputView },
    })
  }

  /** The comm_open that caused this manager to load, received before it had registered its target. */
  openComm(comm: Kernel.IComm, msg: KernelMessage.ICommOpenMsg): Promise<void> {
    return this._handleCommOpen(comm, msg)
  }

  /**
   * The manager asks the kernel for every widget's state when it is made, which here is on the
   * first widget comm, while cells may still run. The kernel can answer after models were made
   * and changed on this page meanwhile (an Output that captured a print, whose `outputs` the
   * kernel has not heard of yet), and base-manager would set that older state on them: the
   * capture vanished. Models this manager already has are kept in sync by their own comms, so
   * the answer is cut to the widgets it does not know.
   */
  override async _create_comm(
    targetName: string,
    modelId: string,
    data?: unknown,
    metadata?: unknown,
    buffers?: ArrayBuffer[] | ArrayBufferView[],
  ): Promise<base.IClassicComm> {
    const comm = await super._create_comm(targetName, modelId, data, metadata, buffers)
    if (targetName !== 'jupyter.widget.control') return comm
    const onMsg = comm.on_msg.bind(comm)
    comm.on_msg = (callback) =>
      onMsg((msg: { content: { data: { method?: string; states?: Record<string, unknown> } } }) => {
        const d = msg.content.data
        if (d.method === 'update_states' && d.states)
          d.states = Object.fromEntries(Object.entries(d.states).filter(([id]) => !this.has_model(id)))
        return callback(msg)
      })
    return comm
  }
}

export function createRenderer(options: IRenderMime.IRendererOptions, manager: WidgetManager): WidgetRenderer {
  return new WidgetRenderer(options, manager)
}
