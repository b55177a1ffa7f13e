import './styles'
import { Sanitizer, SessionContextDialogs } from '@jupyterlab/apputils'
import { DocumentManager, type IDocumentWidgetOpener } from '@jupyterlab/docmanager'
import { DocumentRegistry, type IDocumentWidget } from '@jupyterlab/docregistry'
import { createMarkdownParser } from '@jupyterlab/markedparser-extension'
import { NotebookModelFactory, NotebookPanel, NotebookWidgetFactory, StaticNotebook } from '@jupyterlab/notebook'
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime'
import type { ServiceManager } from '@jupyterlab/services'
import { Signal } from '@lumino/signaling'
import { Widget } from '@lumino/widgets'
import { AppError } from '../shared/errors'
import { createNotebookCommands } from './commands'
import { addCompleter } from './completer'
import { createEditorServices } from './editorServices'
import { addToolbarItems } from './toolbar'

export interface NotebookView {
  panel: NotebookPanel
  dispose(): void
}

class Opener implements IDocumentWidgetOpener {
  readonly opened: Signal<IDocumentWidgetOpener, IDocumentWidget> = new Signal(this)
  open(widget: IDocumentWidget): void {
    this.opened.emit(widget)
  }
}

/**
 * Opens `path` in JupyterLab's own notebook panel inside `host`: the document manager loads it
 * through the services' contents drive and starts the notebook's kernel through its session.
 */
export async function openNotebookView(host: HTMLElement, services: ServiceManager.IManager, path: string): Promise<NotebookView> {
  await services.ready
  const editorServices = createEditorServices()
  const rendermime = new RenderMimeRegistry({
    initialFactories: standardRendererFactories,
    sanitizer: new Sanitizer(),
    markdownParser: createMarkdownParser(editorServices.languages),
  })
  const registry = new DocumentRegistry({})
  registry.addModelFactory(new NotebookModelFactory({}))
  registry.addWidgetFactory(
    new NotebookWidgetFactory({
      name: 'Notebook',
      modelName: 'notebook',
      fileTypes: ['notebook'],
      defaultFor: ['notebook'],
      preferKernel: true,
      canStartKernel: true,
      autoStartDefault: true,
      rendermime,
      contentFactory: new NotebookPanel.ContentFactory({ editorFactory: editorServices.factoryService.newInlineEditor }),
      mimeTypeService: editorServices.mimeTypeService,
      editorConfig: StaticNotebook.defaultEditorConfig,
      notebookConfig: { ...StaticNotebook.defaultNotebookConfig, windowingMode: 'none' },
    }),
  )
  const sessionDialogs = new SessionContextDialogs()
  const docManager = new DocumentManager({ registry, manager: services, opener: new Opener(), sessionDialogs })
  // Edits reach the overlay (IndexedDB) within about a second of typing stopping.
  docManager.autosaveInterval = 1
  docManager.autosave = true

  const widget = docManager.open(path, 'Notebook')
  if (!(widget instanceof NotebookPanel)) throw new AppError('BAD_NOTEBOOK', `${path} could not be opened as a notebook`, { path })
  const panel = widget
  await panel.context.ready
  addToolbarItems(panel, sessionDialogs)
  panel.addClass('quire-NotebookPanel')
  Widget.attach(panel, host)

  const commands = createNotebookCommands(panel)
  addCompleter(panel, commands)
  const onKey = (e: KeyboardEvent) => commands.processKeydownEvent(e)
  const onResize = () => panel.update()
  document.addEventListener('keydown', onKey, true)
  window.addEventListener('resize', onResize)
  panel.content.activate()

  return {
    panel,
    dispose() {
      document.removeEventListener('keydown', onKey, true)
      window.removeEventListener('resize', onResize)
      panel.dispose()
      docManager.dispose()
    },
  }
}
