import { ToolbarButton, Toolbar } from '@jupyterlab/apputils'
import { NotebookActions, type NotebookPanel } from '@jupyterlab/notebook'
import { fastForwardIcon, refreshIcon, runIcon, saveIcon, stopIcon } from '@jupyterlab/ui-components'

/** The notebook toolbar people look for first; the full set arrives with issue 6. */
export function addToolbarItems(panel: NotebookPanel): void {
  const nb = panel.content
  const session = panel.sessionContext
  const tb = panel.toolbar
  tb.addItem('save', new ToolbarButton({ icon: saveIcon, tooltip: 'Save (Ctrl+S)', onClick: () => void panel.context.save() }))
  tb.addItem('run', new ToolbarButton({ icon: runIcon, tooltip: 'Run this cell and advance (Shift+Enter)', label: 'Run', onClick: () => void NotebookActions.runAndAdvance(nb, session) }))
  tb.addItem('interrupt', new ToolbarButton({ icon: stopIcon, tooltip: 'Interrupt the kernel', onClick: () => void session.session?.kernel?.interrupt() }))
  tb.addItem('restart', new ToolbarButton({ icon: refreshIcon, tooltip: 'Restart the kernel', onClick: () => void session.restartKernel() }))
  tb.addItem('run-all', new ToolbarButton({ icon: fastForwardIcon, tooltip: 'Run all cells', label: 'Run all', onClick: () => void NotebookActions.runAll(nb, session) }))
  tb.addItem('spacer', Toolbar.createSpacerItem())
  tb.addItem('kernel-name', Toolbar.createKernelNameItem(session))
  tb.addItem('kernel-status', Toolbar.createKernelStatusItem(session))
}
