import { ToolbarButton, Toolbar, type ISessionContextDialogs } from '@jupyterlab/apputils'
import { NotebookActions, ToolbarItems, type NotebookPanel } from '@jupyterlab/notebook'
import { downloadIcon, fastForwardIcon, refreshIcon, stopIcon } from '@jupyterlab/ui-components'

/** Saves the notebook as the user sees it now to the browser's downloads, as `<name>.ipynb`. */
export function downloadNotebook(panel: NotebookPanel): void {
  const json = JSON.stringify(panel.context.model.toJSON(), null, 1) + '\n'
  const a = document.createElement('a')
  a.href = URL.createObjectURL(new Blob([json], { type: 'application/x-ipynb+json' }))
  a.download = panel.context.path.split('/').pop() ?? 'notebook.ipynb'
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
}

/** JupyterLab's notebook toolbar: its own items where the notebook package exports them. */
export function addToolbarItems(panel: NotebookPanel, dialogs: ISessionContextDialogs): void {
  const nb = panel.content
  const session = panel.sessionContext
  const tb = panel.toolbar
  // What a phone keeps comes first: the toolbar folds items from its end into a menu (issue 24).
  tb.addItem('run', ToolbarItems.createRunButton(panel, dialogs))
  tb.addItem(
    'interrupt',
    new ToolbarButton({
      icon: stopIcon,
      tooltip: 'Interrupt the kernel',
      onClick: () => void session.session?.kernel?.interrupt(),
    }),
  )
  // The kernel's busy/idle dot sits at the toolbar's end, which a phone folds into the menu: a narrow
  // screen shows a second one here, beside Stop, and hides it where the end is visible (touch.css).
  // (Named by its item name: the status icon rewrites its node's classes on each change.)
  tb.addItem('kernel-status-narrow', Toolbar.createKernelStatusItem(session))
  tb.addItem(
    'run-all',
    new ToolbarButton({
      icon: fastForwardIcon,
      tooltip: 'Run all cells',
      label: 'Run all',
      onClick: () => void NotebookActions.runAll(nb, session),
    }),
  )
  tb.addItem('cellType', ToolbarItems.createCellTypeItem(panel))
  tb.addItem('save', ToolbarItems.createSaveButton(panel))
  tb.addItem('insert', ToolbarItems.createInsertButton(panel))
  tb.addItem('cut', ToolbarItems.createCutButton(panel))
  tb.addItem('copy', ToolbarItems.createCopyButton(panel))
  tb.addItem('paste', ToolbarItems.createPasteButton(panel))
  tb.addItem(
    'restart',
    new ToolbarButton({
      icon: refreshIcon,
      tooltip: 'Restart the kernel',
      onClick: () => void dialogs.restart(session),
    }),
  )
  tb.addItem('restart-and-run', ToolbarItems.createRestartRunAllButton(panel, dialogs))
  tb.addItem(
    'download',
    new ToolbarButton({ icon: downloadIcon, tooltip: 'Download as .ipynb', onClick: () => downloadNotebook(panel) }),
  )
  tb.addItem('spacer', Toolbar.createSpacerItem())
  tb.addItem('kernel-name', Toolbar.createKernelNameItem(session, dialogs))
  tb.addItem('kernel-status', Toolbar.createKernelStatusItem(session))
}
