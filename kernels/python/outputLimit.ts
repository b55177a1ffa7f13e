// Output limits (issue 10): a cell that prints without end, or prints 200 MB, must leave the page
// usable. Two parts, both pure so they are unit-tested without a browser:
// - StreamBatcher joins the many small stream messages a loop of print() makes (one per line)
//   into one message per interval: JupyterLab re-renders a cell's whole stream text on each.
// - StreamLimiter shows the first `maxShownBytes` of a cell's stream text and keeps the rest (up
//   to `maxKeptBytes`) for "see or save it all"; past the cap it only counts.
import type { KernelMessage } from '@jupyterlab/services'

export type StreamContent = KernelMessage.IStreamMsg['content']

/** The notice output shown where a cell's stream output was cut; its renderer offers the rest. */
export const TRUNCATED_MIME = 'application/vnd.quire.truncated-output+json'

export interface TruncatedNotice { id: string; shownBytes: number }

/** Everything a cell printed, as far as it was kept; grows while the cell runs. */
export interface KeptOutput {
  chunks: string[]
  keptBytes: number
  totalBytes: number
  /** True once more was printed than could be kept. */
  isClipped: boolean
}

// Kept outputs live only as long as the page: the saved notebook holds just the shown part.
const kept = new Map<string, KeptOutput>()
export const keptOutput = (id: string): KeptOutput | undefined => kept.get(id)

const size = (s: string) => s.length // UTF-16 units: cheap, and near enough bytes for a cap

export class StreamLimiter {
  private readonly cells = new Map<string, { shown: number; shownText: string[]; noticeId?: string }>()
  private count = 0

  constructor(private readonly o: { maxShownBytes: number; maxKeptBytes: number }) {}

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
    const id = `out-${++this.count}-${Date.now().toString(36)}`
    cell.noticeId = id
    cell.shown += cut
    // "Save all" starts from the cell's first line: what was shown is kept with the rest.
    kept.set(id, { chunks: [], keptBytes: 0, totalBytes: 0, isClipped: false })
    for (const t of cell.shownText) this.keep(id, t)
    cell.shownText = []
    this.keep(id, text)
    return { text: text.slice(0, cut) || undefined, notice: { id, shownBytes: cell.shown } }
  }

  private keep(id: string, text: string): void {
    const k = kept.get(id)
    if (!k) return
    k.totalBytes += size(text)
    if (k.isClipped || k.keptBytes + size(text) > this.o.maxKeptBytes) {
      k.isClipped = true
      return
    }
    k.chunks.push(text)
    k.keptBytes += size(text)
  }

  /** clear_output, or the cell's reply: what the cell shows starts again from nothing. */
  forget(parentId: string): void {
    this.cells.delete(parentId)
  }
}

/**
 * Joins stream messages per cell and stream name until `flush` (a timer, or any other message for
 * the cell, which must not overtake the text printed before it).
 */
export class StreamBatcher {
  private pending: Array<{ parentId: string; content: StreamContent; parent: unknown }> = []
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly o: { intervalMs: number; emit(content: StreamContent, parent: unknown): void }) {}

  push(parentId: string, content: StreamContent, parent: unknown): void {
    const last = this.pending[this.pending.length - 1]
    if (last && last.parentId === parentId && last.content.name === content.name) last.content = { name: content.name, text: last.content.text + content.text }
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
