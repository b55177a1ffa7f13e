// The full text of cut outputs (outputLimit.ts), kept in page memory for "Open all / Save all".
// Each cut output may keep up to its own cap, and all of them together share one page-wide
// budget: past it the oldest kept texts are dropped (their notice then says to re-run the cell),
// so a long session of big outputs cannot grow the tab until the browser kills it.

/** Everything a cell printed, as far as it was kept; grows while the cell runs. */
export interface KeptOutput {
  chunks: string[]
  keptBytes: number
  totalBytes: number
  /** True once more was printed than could be kept. */
  isClipped: boolean
  /** True once the page-wide budget dropped this text for a newer one; `chunks` is then empty. */
  isDropped: boolean
}

const size = (s: string) => s.length // UTF-16 units: cheap, and near enough bytes for a cap

/** Default page-wide budget for all kept texts together (UTF-16 units, about bytes). */
export const DEFAULT_KEPT_BUDGET = 256 << 20

export class KeptOutputs {
  // A Map iterates in insertion order: its first entries are the oldest outputs.
  private readonly outputs = new Map<string, KeptOutput>()
  /** Ids of dropped outputs, so a notice drawn again later still says why its text is gone. */
  private readonly dropped = new Set<string>()
  private total = 0

  constructor(private readonly o: { maxTotalBytes: number }) {}

  get(id: string): KeptOutput | undefined {
    return this.outputs.get(id)
  }

  wasDropped(id: string): boolean {
    return this.dropped.has(id)
  }

  /** All kept text, for tests and diagnostics. */
  get totalBytes(): number {
    return this.total
  }

  start(id: string): KeptOutput {
    const k: KeptOutput = { chunks: [], keptBytes: 0, totalBytes: 0, isClipped: false, isDropped: false }
    this.outputs.set(id, k)
    return k
  }

  /** Adds `text` to the output `id` unless it is past `maxBytes` (that output's own cap). */
  append(id: string, text: string, maxBytes: number): void {
    const k = this.outputs.get(id)
    if (!k) return
    k.totalBytes += size(text)
    if (k.isClipped || k.keptBytes + size(text) > maxBytes) {
      k.isClipped = true
      return
    }
    this.makeRoom(id, size(text))
    if (this.total + size(text) > this.o.maxTotalBytes) {
      // Only this output is left and it alone fills the budget: it stops growing instead.
      k.isClipped = true
      return
    }
    k.chunks.push(text)
    k.keptBytes += size(text)
    this.total += size(text)
  }

  /** Drops the oldest outputs other than `current` until `bytes` more fit the budget. */
  private makeRoom(current: string, bytes: number): void {
    for (const [id, k] of this.outputs) {
      if (this.total + bytes <= this.o.maxTotalBytes) return
      if (id === current) continue
      this.total -= k.keptBytes
      k.chunks = []
      k.keptBytes = 0
      k.isDropped = true
      this.outputs.delete(id)
      this.dropped.add(id)
    }
  }
}

/** The page's kept outputs: one budget shared by every kernel and notebook of the page. */
export const pageKeptOutputs = new KeptOutputs({ maxTotalBytes: DEFAULT_KEPT_BUDGET })
export const keptOutput = (id: string): KeptOutput | undefined => pageKeptOutputs.get(id)
export const wasKeptOutputDropped = (id: string): boolean => pageKeptOutputs.wasDropped(id)
