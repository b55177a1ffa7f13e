import { NotebookActions, type NotebookPanel } from '@jupyterlab/notebook'
import { CodeCell } from '@jupyterlab/cells'

/**
 * A run button on every code cell, for touch screens where there is no Shift+Enter (issue 24).
 * CSS shows it only for a coarse pointer (`(pointer: coarse)` in touch.css). It sits on the cell,
 * not in the prompt, because the prompt's text is rewritten on every execution count.
 */
export function addTouchRunButtons(panel: NotebookPanel): void {
  const nb = panel.content
  const equip = () => {
    nb.widgets.forEach((cell) => {
      if (!(cell instanceof CodeCell) || cell.node.querySelector(':scope > .q-cell-run')) return
      const button = cell.node.ownerDocument.createElement('button')
      button.type = 'button'
      button.className = 'q-cell-run'
      button.title = 'Run this cell'
      button.setAttribute('aria-label', 'Run this cell')
      button.textContent = '▶'
      button.addEventListener('click', (e) => {
        e.stopPropagation()
        const index = nb.widgets.indexOf(cell)
        if (index < 0) return
        nb.activeCellIndex = index
        nb.deselectAll()
        void NotebookActions.run(nb, panel.sessionContext)
      })
      cell.node.append(button)
    })
  }
  equip()
  // New cells (inserted, pasted, moved) get theirs once the notebook has made their widgets.
  nb.model?.cells.changed.connect(() => setTimeout(equip))
}
