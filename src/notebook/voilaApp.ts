// A notebook shown as a Voilà app (urlpath=voila/render/<notebook>): every code cell runs once, in
// order, as the page opens; only outputs and widgets show (voilaApp.css hides code, prompts and the
// toolbar); the first error stops the run and shows as Voilà shows it with show_tracebacks off
// (voila/execute.py, `strip_code_cell_errors`): "There was an error when executing cell [n]."
// The full traceback stays in the cell, visible with "Show code".
import { CodeCell, MarkdownCell } from '@jupyterlab/cells'
import type { NotebookPanel } from '@jupyterlab/notebook'
import './voilaApp.css'

export interface AppProgress {
  /** Code cells finished so far, of `total`. */
  done: number
  total: number
  /** The 1-based position among code cells of the cell that failed, when one did. */
  failedAt?: number
}

export const VOILA_CLASS = 'q-voila'

/** Voilà's words for a failed cell, with Quire's way to see the error in place of Voilà's server flag. */
export function voilaErrorText(executionCount: number | null): string {
  return `There was an error when executing cell [${executionCount ?? ' '}]. Choose "Show code" to see the error message.`
}

/** Runs the notebook's code cells in order, telling `onProgress` after each; stops at the first error. */
export async function runAsApp(panel: NotebookPanel, onProgress: (p: AppProgress) => void): Promise<AppProgress> {
  await panel.sessionContext.ready
  const cells = panel.content.widgets
  for (const cell of cells) if (cell instanceof MarkdownCell) cell.rendered = true
  const code = cells.filter((c): c is CodeCell => c instanceof CodeCell)
  const total = code.length
  onProgress({ done: 0, total })
  for (let i = 0; i < code.length; i++) {
    const cell = code[i]
    cell.node.querySelector('.q-voila-error')?.remove()
    const reply = await CodeCell.execute(cell, panel.sessionContext)
    if (reply && reply.content.status === 'error') {
      const note = document.createElement('pre')
      note.className = 'q-voila-error'
      note.textContent = voilaErrorText(cell.model.executionCount)
      cell.node.appendChild(note)
      const failed = { done: i, total, failedAt: i + 1 }
      onProgress(failed)
      return failed
    }
    onProgress({ done: i + 1, total })
  }
  return { done: total, total }
}

/**
 * Keeps a shown app from being edited by the notebook's shortcuts (D D deletes a cell, Enter edits
 * one) and by double-clicks on markdown: keys reach only form fields (widgets' text boxes).
 * Returns the function that stops it.
 */
export function guardAppView(host: HTMLElement, isApp: () => boolean): () => void {
  const isField = (t: EventTarget | null) =>
    t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))
  const onKey = (e: KeyboardEvent) => {
    if (isApp() && host.contains(document.activeElement) && !isField(e.target)) {
      // Arrow keys move a focused slider handle (a div with role=slider): they must reach it.
      if (e.target instanceof HTMLElement && e.target.closest('.jupyter-widgets')) return
      e.stopPropagation()
    }
  }
  const onDblClick = (e: MouseEvent) => {
    if (isApp() && host.contains(e.target as Node)) e.stopPropagation()
  }
  // Window capture runs before the notebook view's document-level key handler.
  window.addEventListener('keydown', onKey, true)
  window.addEventListener('dblclick', onDblClick, true)
  return () => {
    window.removeEventListener('keydown', onKey, true)
    window.removeEventListener('dblclick', onDblClick, true)
  }
}
