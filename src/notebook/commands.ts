import type { ISessionContext } from '@jupyterlab/apputils'
import { NotebookActions, type NotebookPanel } from '@jupyterlab/notebook'
import { CommandRegistry } from '@lumino/commands'

/**
 * The everyday notebook shortcuts. JupyterLab declares them in its notebook-extension plugin,
 * which needs the whole application; here they are declared against one panel.
 */
export function createNotebookCommands(panel: NotebookPanel): CommandRegistry {
  const commands = new CommandRegistry()
  const nb = panel.content
  const session: ISessionContext = panel.sessionContext
  const add = (id: string, label: string, execute: () => unknown) => commands.addCommand(id, { label, execute })

  add('run-and-advance', 'Run and advance', () => NotebookActions.runAndAdvance(nb, session))
  add('run', 'Run', () => NotebookActions.run(nb, session))
  add('run-and-insert', 'Run and insert below', () => NotebookActions.runAndInsert(nb, session))
  add('run-all', 'Run all', () => NotebookActions.runAll(nb, session))
  add('edit-mode', 'Edit mode', () => {
    nb.mode = 'edit'
  })
  add('command-mode', 'Command mode', () => {
    nb.mode = 'command'
  })
  add('insert-above', 'Insert cell above', () => NotebookActions.insertAbove(nb))
  add('insert-below', 'Insert cell below', () => NotebookActions.insertBelow(nb))
  add('delete', 'Delete cells', () => NotebookActions.deleteCells(nb))
  add('to-markdown', 'Change to markdown', () => NotebookActions.changeCellType(nb, 'markdown'))
  add('to-code', 'Change to code', () => NotebookActions.changeCellType(nb, 'code'))
  add('cut', 'Cut cells', () => NotebookActions.cut(nb))
  add('copy', 'Copy cells', () => NotebookActions.copy(nb))
  add('paste', 'Paste cells below', () => NotebookActions.paste(nb, 'below'))
  add('undo', 'Undo cell operation', () => NotebookActions.undo(nb))
  add('select-below', 'Select below', () => NotebookActions.selectBelow(nb))
  add('select-above', 'Select above', () => NotebookActions.selectAbove(nb))
  add('extend-below', 'Extend selection below', () => NotebookActions.extendSelectionBelow(nb))
  add('extend-above', 'Extend selection above', () => NotebookActions.extendSelectionAbove(nb))
  add('save', 'Save', () => panel.context.save())
  add('interrupt', 'Interrupt the kernel', () => session.session?.kernel?.interrupt())
  add('restart', 'Restart the kernel', () => session.restartKernel())

  const nbSel = '.jp-Notebook'
  // Command mode has the focus on the notebook node or on a cell inside it (JupyterLab 4);
  // Lumino selectors cannot hold commas, so each command-mode key is bound for both.
  const cmdSel = '.jp-Notebook.jp-mod-commandMode'
  const editSel = '.jp-Notebook.jp-mod-editMode'
  const bind = (selector: string, keys: string[], command: string) => {
    if (selector !== cmdSel) return void commands.addKeyBinding({ selector, keys, command })
    commands.addKeyBinding({ selector: `${cmdSel}:focus`, keys, command })
    commands.addKeyBinding({ selector: `${cmdSel}:not(.jp-mod-readWrite) :focus`, keys, command })
  }
  bind(nbSel, ['Shift Enter'], 'run-and-advance')
  bind(nbSel, ['Accel Enter'], 'run')
  bind(nbSel, ['Alt Enter'], 'run-and-insert')
  bind(nbSel, ['Accel S'], 'save')
  bind(editSel, ['Escape'], 'command-mode')
  bind(cmdSel, ['Enter'], 'edit-mode')
  bind(cmdSel, ['A'], 'insert-above')
  bind(cmdSel, ['B'], 'insert-below')
  bind(cmdSel, ['D', 'D'], 'delete')
  bind(cmdSel, ['M'], 'to-markdown')
  bind(cmdSel, ['Y'], 'to-code')
  bind(cmdSel, ['X'], 'cut')
  bind(cmdSel, ['C'], 'copy')
  bind(cmdSel, ['V'], 'paste')
  bind(cmdSel, ['Z'], 'undo')
  bind(cmdSel, ['J'], 'select-below')
  bind(cmdSel, ['ArrowDown'], 'select-below')
  bind(cmdSel, ['K'], 'select-above')
  bind(cmdSel, ['ArrowUp'], 'select-above')
  bind(cmdSel, ['Shift J'], 'extend-below')
  bind(cmdSel, ['Shift K'], 'extend-above')
  bind(cmdSel, ['I', 'I'], 'interrupt')
  bind(cmdSel, ['0', '0'], 'restart')
  return commands
}
