import { CodeCell } from '@jupyterlab/cells'
import type { NotebookPanel } from '@jupyterlab/notebook'

const READY = new Set(['idle', 'busy'])

/**
 * A cell run before its kernel is ready waits in JupyterLite's queue with a bare `[*]`: say what it
 * waits for (issue 24), until the kernel answers. The note is an element of the cell, not of the
 * prompt, whose text JupyterLab rewrites.
 */
export function markCellsWaitingForKernel(panel: NotebookPanel): void {
  const session = panel.sessionContext
  const language = () => {
    const spec = panel.model?.getMetadata('kernelspec') as { language?: unknown } | undefined
    return typeof spec?.language === 'string' && spec.language.toLowerCase() === 'r' ? 'R' : 'Python'
  }
  const update = () => {
    const isWaiting = !READY.has(session.kernelDisplayStatus)
    for (const cell of panel.content.widgets) {
      if (!(cell instanceof CodeCell)) continue
      const note = cell.node.querySelector(':scope > .q-cell-waiting')
      const shows = isWaiting && cell.model.executionState === 'running'
      if (shows && !note) {
        const el = cell.node.ownerDocument.createElement('div')
        el.className = 'q-cell-waiting'
        el.setAttribute('role', 'status')
        el.textContent = `waiting for ${language()}…`
        cell.node.append(el)
      } else if (!shows && note) note.remove()
    }
  }
  session.statusChanged.connect(update)
  session.connectionStatusChanged.connect(update)
  const watched = new WeakSet<object>()
  const watchCells = () => {
    for (const cell of panel.content.widgets) {
      if (watched.has(cell.model)) continue
      watched.add(cell.model)
      cell.model.stateChanged.connect((_, change) => change.name === 'executionState' && update())
    }
  }
  watchCells()
  panel.content.model?.cells.changed.connect(() => setTimeout(watchCells))
}
