import './nodeShims'
import './styles'
import { SessionContextDialogs } from '@jupyterlab/apputils'
import { DocumentManager, type IDocumentWidgetOpener } from '@jupyterlab/docmanager'
import type { DocumentRegistry, IDocumentWidget } from '@jupyterlab/docregistry'
import { NotebookPanel } from '@jupyterlab/notebook'
import type { ServiceManager } from '@jupyterlab/services'
import type { CommandRegistry } from '@lumino/commands'
import { Signal } from '@lumino/signaling'
import { TabPanel, Widget } from '@lumino/widgets'
import { AppError } from '../shared/errors'
import { createNotebookCommands } from './commands'
import { addCompleter } from './completer'
import { enableWidgets } from './widgets'
import { addTooltip } from './tooltip'
import { createDocRegistry, widgetNameFor } from './docRegistry'
import { isTextNotebook } from './jupytext'
import { addToolbarItems } from './toolbar'
import { addTouchRunButtons } from './touchRun'
import { markCellsWaitingForKernel } from './cellWaiting'
import './touch.css'
import { autosave, type Autosave } from './autosave'
import { registerOpenDocuments, saveOpenDocuments } from './openDocuments'
import { saveOnLeave } from './saveOnLeave'
import { createOverview, type OverviewContent } from './overview'
import { mark } from '../shared/marks'

export interface NotebookView {
  /** The notebook the launch opened; its kernel is the repository's kernel. */
  panel: NotebookPanel
  /** Opens a file of the repository in a tab, or shows its tab if it is open. */
  open(path: string): Promise<void>
  /** The open documents' paths, the shown one first. */
  openPaths(): string[]
  /** Closes a file's tabs without saving (it was deleted). */
  close(path: string): Promise<void>
  /** Shows the repository's overview (notebooks, README) in front, in a first tab of its own. */
  showOverview(content: OverviewContent): void
  /** Reloads a file's open tabs from the drive after `change` (a revert or an upload) ran. */
  reload(path: string, change?: () => Promise<void>): Promise<void>
  /** Whether a file's open tab has changes not saved yet. */
  isDirty(path: string): boolean
  /** Reloads a file's open tabs from the drive, dropping what they did not save (another tab's version won). */
  discard(path: string): Promise<void>
  /** Saves a file's open tabs as they are, over what the drive holds (the user chose this tab's version). */
  saveAgain(path: string): Promise<void>
  dispose(): void
}

class Opener implements IDocumentWidgetOpener {
  readonly opened: Signal<IDocumentWidgetOpener, IDocumentWidget> = new Signal(this)
  constructor(private readonly tabs: TabPanel) {}
  open(widget: IDocumentWidget): void {
    widget.title.closable = true
    if (!widget.parent) this.tabs.addWidget(widget)
    this.tabs.currentWidget = widget
    this.opened.emit(widget)
  }
}

function isDocWidget(w: Widget): w is IDocumentWidget {
  return 'context' in w && typeof w.context === 'object'
}

function kernelNameOf(text: string | undefined): string {
  try {
    const name: unknown = JSON.parse(text ?? '{}')?.metadata?.kernelspec?.name
    return typeof name === 'string' ? name : 'python3'
  } catch {
    return 'python3'
  }
}

/**
 * JupyterLab's document widgets in tabs inside `host`, opened through one document manager over
 * the services' contents drive. `path` (a notebook) opens first; notebooks opened later join a
 * running kernel of the same name, like a Binder session's working directory.
 */
export async function openNotebookView(
  host: HTMLElement,
  services: ServiceManager.IManager,
  path: string,
  readText: (path: string) => string | undefined,
): Promise<NotebookView> {
  await services.ready
  const tabs = new TabPanel({ tabsMovable: true })
  tabs.id = 'quire-tabs'
  tabs.addClass('quire-Tabs')
  const sessionDialogs = new SessionContextDialogs()
  const docManager = new DocumentManager({
    registry: createDocRegistry(),
    manager: services,
    opener: new Opener(tabs),
    sessionDialogs,
  })
  // Edits reach the overlay (IndexedDB) within about a second: ./autosave.ts on each document.
  docManager.autosave = false

  const commandsOf = new Map<Widget, CommandRegistry>()
  const autosaves = new WeakMap<DocumentRegistry.Context, Autosave>()
  const notebooks = () => [...tabs.widgets].filter((w): w is NotebookPanel => w instanceof NotebookPanel)

  async function setUpNotebook(panel: NotebookPanel): Promise<void> {
    // Before the model loads, so outputs find the widget renderer (its chunk loads on first use).
    enableWidgets(panel)
    await panel.context.ready
    addToolbarItems(panel, sessionDialogs)
    addTouchRunButtons(panel)
    markCellsWaitingForKernel(panel)
    panel.addClass('quire-NotebookPanel')
    const commands = createNotebookCommands(panel)
    addCompleter(panel, commands)
    addTooltip(panel, commands)
    commandsOf.set(panel, commands)
    panel.disposed.connect(() => commandsOf.delete(panel))
  }

  async function openDoc(p: string): Promise<IDocumentWidget> {
    const text = readText(p)
    const name = isTextNotebook(p, text) ? 'Notebook' : widgetNameFor(p)
    const shown = docManager.findWidget(p, name)
    if (shown) {
      tabs.currentWidget = shown
      return shown
    }
    // A notebook joins a running kernel of the kind it asks for, instead of starting its own.
    const wanted = kernelNameOf(text)
    const kernel = notebooks()
      .map((n) => n.sessionContext.session?.kernel)
      .find((k) => k?.name === wanted)
    const widget = docManager.open(p, name, kernel ? { id: kernel.id, name: kernel.name } : undefined)
    if (!widget) throw new AppError('INTERNAL', `${p} could not be opened`, { path: p })
    autosaves.set(widget.context, autosave(widget.context))
    if (widget instanceof NotebookPanel) await setUpNotebook(widget)
    else await widget.context.ready
    return widget
  }

  const first = await openDoc(path)
  if (!(first instanceof NotebookPanel))
    throw new AppError('BAD_NOTEBOOK', `${path} could not be opened as a notebook`, { path })
  Widget.attach(tabs, host)
  mark('notebook-view-shown')

  // One document-level handler, routed to the notebook in the shown tab.
  const onKey = (e: KeyboardEvent) => {
    const current = tabs.currentWidget
    if (current) commandsOf.get(current)?.processKeydownEvent(e)
  }
  const onResize = () => tabs.update()
  // The host shrinks when the file panel appears beside it, which is no window resize.
  const hostSize = new ResizeObserver(onResize)
  hostSize.observe(host)
  document.addEventListener('keydown', onKey, true)
  window.addEventListener('resize', onResize)
  tabs.currentChanged.connect((_, { currentWidget }) => {
    if (currentWidget instanceof NotebookPanel) currentWidget.content.activate()
  })
  first.content.activate()

  // The file's content replaces the view's: a load, which autosave must not write back.
  const reloadDoc = (w: IDocumentWidget) =>
    autosaves.get(w.context)?.reload(() => w.context.revert()) ?? w.context.revert()
  const widgetsOf = (p: string) => [...tabs.widgets].filter(isDocWidget).filter((w) => w.context.path === p)
  const unregister = registerOpenDocuments(() =>
    [...tabs.widgets].filter(isDocWidget).flatMap((w) => autosaves.get(w.context) ?? []),
  )
  // A reload or a closed tab within autosave's delay would drop the last keystrokes; IndexedDB
  // writes started in pagehide complete (not in the back/forward cache: ./saveOnLeave.ts).
  const stopSavingOnLeave = saveOnLeave(window, saveOpenDocuments)
  return {
    panel: first,
    async open(p) {
      await openDoc(p)
    },
    openPaths() {
      const current = tabs.currentWidget
      return [...tabs.widgets]
        .sort((a, b) => Number(b === current) - Number(a === current))
        .filter(isDocWidget)
        .map((w) => w.context.path)
    },
    async close(p) {
      for (const w of widgetsOf(p)) w.dispose()
    },
    showOverview(content) {
      const overview = createOverview(content, first.content.rendermime, (p) => openDoc(p).then(() => undefined))
      tabs.insertWidget(0, overview)
      tabs.currentWidget = overview
    },
    async reload(p, change) {
      // Saved first, so no autosave of the old content is pending when the new content lands.
      for (const w of widgetsOf(p)) await autosaves.get(w.context)?.flush()
      await change?.()
      for (const w of widgetsOf(p)) await reloadDoc(w)
    },
    isDirty: (p) => widgetsOf(p).some((w) => w.context.model.dirty),
    async discard(p) {
      for (const w of widgetsOf(p)) await reloadDoc(w)
    },
    async saveAgain(p) {
      for (const w of widgetsOf(p)) await w.context.save()
    },
    dispose() {
      unregister()
      stopSavingOnLeave()
      document.removeEventListener('keydown', onKey, true)
      window.removeEventListener('resize', onResize)
      hostSize.disconnect()
      tabs.dispose()
      docManager.dispose()
    },
  }
}
