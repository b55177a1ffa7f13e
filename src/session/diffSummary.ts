export interface DiffSummary {
  /** Lines the version has that the current file lacks. */
  added: number
  /** Lines the current file has that the version lacks. */
  removed: number
  /** Binary, or nothing to compare with. */
  isComparable: boolean
}

/** A notebook's cell sources, one after another: its JSON layout and outputs are no lines a reader wrote. */
function linesOf(path: string, text: string): string[] {
  if (path.endsWith('.ipynb'))
    try {
      const nb: unknown = JSON.parse(text)
      const cells = typeof nb === 'object' && nb !== null && 'cells' in nb && Array.isArray(nb.cells) ? nb.cells : []
      return cells.flatMap((c: { source?: unknown }) =>
        (Array.isArray(c.source) ? c.source.join('') : String(c.source ?? '')).split('\n'),
      )
    } catch {
      // Not JSON (a half-written save): compared as text.
    }
  return text.split('\n')
}

/**
 * How a kept version differs from the file now, as the History view's one-line summary: lines
 * counted as multisets (a moved line counts as neither), enough to tell versions apart at a glance.
 */
export function diffSummary(path: string, version: string | undefined, now: string | undefined): DiffSummary {
  if (version === undefined || now === undefined) return { added: 0, removed: 0, isComparable: false }
  const count = new Map<string, number>()
  for (const l of linesOf(path, version)) count.set(l, (count.get(l) ?? 0) + 1)
  let removed = 0
  for (const l of linesOf(path, now)) {
    const n = count.get(l) ?? 0
    if (n > 0) count.set(l, n - 1)
    else removed++
  }
  const added = [...count.values()].reduce((a, b) => a + b, 0)
  return { added, removed, isComparable: true }
}
