// Tab completion from the kernel (complete_request), wired as JupyterLab's completer-extension and
// notebook-extension plugins do, against one panel and our command registry.
import '@jupyterlab/completer/style/index.js'
import { CompletionProviderManager, KernelCompleterProvider } from '@jupyterlab/completer'
import type { NotebookPanel } from '@jupyterlab/notebook'
import type { CommandRegistry } from '@lumino/commands'

/** How long a provider may take to answer; JupyterLab's default setting. Unset, it is 0 ms and
 * every kernel reply loses the race against the timeout. */
const PROVIDER_TIMEOUT_MS = 1000

export function addCompleter(panel: NotebookPanel, commands: CommandRegistry): void {
  const manager = new CompletionProviderManager()
  const provider = new KernelCompleterProvider()
  manager.registerProvider(provider)
  manager.activateProvider([provider.identifier])
  manager.setTimeout(PROVIDER_TIMEOUT_MS)
  const session = panel.sessionContext

  // The completer follows the active cell's editor and the current kernel session.
  const update = () => {
    const cell = panel.content.activeCell
    if (!cell) return
    void cell.ready.then(() =>
      manager.updateCompleter({ editor: cell.editor, session: session.session, widget: panel }),
    )
  }
  panel.content.activeCellChanged.connect(update)
  session.sessionChanged.connect(update)
  session.kernelChanged.connect(update)
  update()

  commands.addCommand('completer:invoke', {
    label: 'Complete',
    execute: () => {
      if (panel.content.activeCell?.model.type === 'code') manager.invoke(panel.id)
    },
  })
  commands.addCommand('completer:select', { label: 'Accept completion', execute: () => manager.select(panel.id) })
  // The handler marks the editor `jp-mod-completer-enabled` when it has a completer model.
  commands.addKeyBinding({
    selector: '.jp-Notebook.jp-mod-editMode .jp-mod-completer-enabled',
    keys: ['Tab'],
    command: 'completer:invoke',
  })
  commands.addKeyBinding({
    selector: '.jp-Notebook .jp-mod-completer-active',
    keys: ['Enter'],
    command: 'completer:select',
  })
}
