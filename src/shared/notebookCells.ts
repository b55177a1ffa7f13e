// What of a notebook counts as the user's work (issue 24): its cells' types and sources, in order.
// Outputs, execution counts, metadata, ids and JSON layout do not, and neither do cells with no
// source: Shift+Enter on the last cell adds an empty one, which is no edit either.

/**
 * A key equal for two notebook texts exactly when their non-empty cells' types and sources are;
 * undefined for a text that is not a notebook.
 */
export function notebookCellsKey(text: string): string | undefined {
  let nb: unknown
  try {
    nb = JSON.parse(text)
  } catch {
    return undefined
  }
  const cells: unknown = typeof nb === 'object' && nb !== null && 'cells' in nb ? nb.cells : undefined
  if (!Array.isArray(cells)) return undefined
  const parts: Array<[string, string]> = []
  for (const c of cells) {
    if (typeof c !== 'object' || c === null) continue
    const type = 'cell_type' in c ? String(c.cell_type) : ''
    const raw = 'source' in c ? c.source : ''
    const source = Array.isArray(raw) ? raw.join('') : String(raw ?? '')
    if (source.trim() !== '') parts.push([type, source])
  }
  return JSON.stringify(parts)
}
