// Shift-Tab help from the kernel (inspect_request), wired as JupyterLab's tooltip-extension does
// for notebooks, against one panel and our command registry.
import '@jupyterlab/tooltip/style/index.js'
import type { NotebookPanel } from '@jupyterlab/notebook'
import { Tooltip } from '@jupyterlab/tooltip'
import type { CommandRegistry } from '@lumino/commands'
import { Widget } from '@lumino/widgets'

/** Code point offset (what Jupyter's cursor_pos counts) of a JavaScript string index. */
function charIndex(code: string, jsIndex: number): number {
  return [...code.slice(0, jsIndex)].length
}

export function addTooltip(panel: NotebookPanel, commands: CommandRegistry): void {
  let shown: Tooltip | undefined
  const dismiss = () => {
    shown?.dispose()
    shown = undefined
  }

  async function launch(): Promise<void> {
    dismiss()
    const cell = panel.content.activeCell
    const editor = cell?.editor
    const kernel = panel.sessionContext.session?.kernel
    if (!cell || cell.model.type !== 'code' || !editor || !kernel) return
    const code = editor.model.sharedModel.getSource()
    const cursor = editor.getOffsetAt(editor.getCursorPosition())
    const reply = await kernel.requestInspect({ code, cursor_pos: charIndex(code, cursor), detail_level: 0 })
    const content = reply.content
    // Nothing found (an unknown name, the cursor on whitespace): JupyterLab shows nothing either.
    if (content.status !== 'ok' || !content.found) return
    // The user may have moved on while the kernel answered.
    if (panel.content.activeCell !== cell || panel.isDisposed) return
    shown = new Tooltip({ anchor: panel.content, bundle: content.data, editor, rendermime: panel.content.rendermime })
    Widget.attach(shown, document.body)
  }

  commands.addCommand('tooltip:launch', { label: 'Show the help of the name before the cursor', execute: launch })
  commands.addCommand('tooltip:dismiss', { label: 'Hide the help', execute: dismiss })
  // JupyterLab's bindings (tooltip-extension's schema), minus the editor states it tracks elsewhere.
  commands.addKeyBinding({
    selector: '.jp-Notebook.jp-mod-editMode .jp-InputArea-editor:not(.jp-mod-completer-active)',
    keys: ['Shift Tab'],
    command: 'tooltip:launch',
  })
  commands.addKeyBinding({ selector: 'body.jp-mod-tooltip .jp-Notebook', keys: ['Escape'], command: 'tooltip:dismiss' })
  panel.disposed.connect(dismiss)
}
