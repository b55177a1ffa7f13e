// Output limits (issue 10): a cell that prints without end, or prints 200 MB, must leave the page
// usable. StreamLimiter shows the first `maxShownBytes` of a cell's stream text and keeps the rest
// (up to `maxKeptBytes`, within the page-wide budget of keptOutputs.ts) for "see or save it all";
// past the cap it only counts. It is pure, so it is unit-tested without a browser.
// Stream text arrives already joined per interval by the kernel's Python side
// (py/quire_kernel/streams.py); StreamBatcher below only joins what queues up behind a render.
import type { KernelMessage } from '@jupyterlab/services'
import { pageKeptOutputs, type KeptOutputs } from './keptOutputs'

export { keptOutput, wasKeptOutputDropped, type KeptOutput } from './keptOutputs'

export type StreamContent = KernelMessage.IStreamMsg['content']

/** The notice output shown where a cell's stream output was cut; its renderer offers the rest. */
export const TRUNCATED_MIME = 'application/vnd.quire.truncated-output+json'

export interface TruncatedNotice {
  id: string
  shownBytes: number
}

const size = (s: string) => s.length // UTF-16 units: cheap, and near enough bytes for a cap
// Page-wide, as the kept store is: two kernels' limiters must never name two outputs alike.
let noticeCount = 0

export class StreamLimiter {
  private readonly cells = new Map<string, { shown: number; shownText: string[]; noticeId?: string }>()
  private readonly kept: KeptOutputs

  constructor(private readonly o: { maxShownBytes: number; maxKeptBytes: number; kept?: KeptOutputs }) {
    // Kept outputs live only as long as the page: the saved notebook holds just the shown part.
    this.kept = o.kept ?? pageKeptOutputs
  }

  /** What to show of `text` printed by the cell `parentId`, and the notice the first time it is cut. */
  admit(parentId: string, text: string): { text?: string; notice?: TruncatedNotice } {
    let cell = this.cells.get(parentId)
    if (!cell) this.cells.set(parentId, (cell = { shown: 0, shownText: [] }))
    if (cell.noticeId !== undefined) {
      this.keep(cell.noticeId, text)
      return {}
    }
    const room = this.o.maxShownBytes - cell.shown
    if (size(text) <= room) {
      cell.shown += size(text)
      cell.shownText.push(text)
      return { text }
    }
    // Cut at the last line end that fits, so the view ends on a whole line.
    const head = text.slice(0, Math.max(0, room))
    const cut = head.lastIndexOf('\n') + 1 || head.length
    const id = `out-${++noticeCount}-${Date.now().toString(36)}`
    cell.noticeId = id
    cell.shown += cut
    // "Save all" starts from the cell's first line: what was shown is kept with the rest.
    this.kept.start(id)
    for (const t of cell.shownText) this.keep(id, t)
    cell.shownText = []
    this.keep(id, text)
    return { text: text.slice(0, cut) || undefined, notice: { id, shownBytes: cell.shown } }
  }

  private keep(id: string, text: string): void {
    this.kept.append(id, text, this.o.maxKeptBytes)
  }

  /** clear_output, or the cell's reply: what the cell shows starts again from nothing. */
  forget(parentId: string): void {
    this.cells.delete(parentId)
  }
}

/**
 * Joins stream messages per cell and stream name until `flush` (a timer, or any other message for
 * the cell, which must not overtake the text printed before it). Python already sends text in
 * 50 ms batches; this is back-pressure, not a second window: JupyterLab re-renders a cell's whole
 * stream text per message, so while one render runs the next batches queue up, and a 0 ms timer
 * joins them into one render (measured: without it the endless-print e2e never reached its 1 MB
 * cut within 60 s; with per-line messages from Python instead the page took 8.6 s to answer).
 * Order is kept: only consecutive text of one cell and stream is joined.
 */
export class StreamBatcher {
  private pending: Array<{ parentId: string; content: StreamContent; parent: unknown }> = []
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly o: { intervalMs: number; emit(content: StreamContent, parent: unknown): void }) {}

  push(parentId: string, content: StreamContent, parent: unknown): void {
    const last = this.pending[this.pending.length - 1]
    if (last && last.parentId === parentId && last.content.name === content.name)
      last.content = { name: content.name, text: last.content.text + content.text }
    else this.pending.push({ parentId, content, parent })
    this.timer ??= setTimeout(() => this.flush(), this.o.intervalMs)
  }

  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const out = this.pending
    this.pending = []
    for (const p of out) this.o.emit(p.content, p.parent)
  }
}
