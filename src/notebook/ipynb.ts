import { AppError } from '../shared/errors'

export class BadNotebookError extends AppError {
  constructor(path: string, detail: string) {
    super('BAD_NOTEBOOK', `${path} is not a valid notebook: ${detail}`, { path, detail })
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type JsonObject = { [k: string]: Json }

function isObject(x: unknown): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

function joinMultiline(v: Json): Json {
  return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v.join('') : v
}

/**
 * JupyterLab trusts a cell whose metadata says `trusted: true`. A Jupyter server sets that flag
 * only for notebooks it signed itself; a file can claim anything, and Quire signs nothing, so
 * the flag is dropped and trust comes only from running the cell (README, Trust).
 */
export function untrusted(metadata: Json | undefined): JsonObject {
  if (!isObject(metadata)) return {}
  const { trusted: _dropped, ...rest } = metadata
  return rest
}

/**
 * Parses a .ipynb from disk into the form a Jupyter server hands its front end: multi-line
 * strings (stored as arrays of lines) joined, so JupyterLab's model accepts them.
 */
export function parseNotebook(path: string, text: string): JsonObject {
  let nb: unknown
  try {
    nb = JSON.parse(text)
  } catch (e) {
    throw new BadNotebookError(path, `JSON syntax error (${e instanceof Error ? e.message : String(e)})`)
  }
  if (!isObject(nb) || !Array.isArray(nb.cells)) throw new BadNotebookError(path, 'no "cells" list')
  if (typeof nb.nbformat !== 'number' || nb.nbformat < 4)
    throw new BadNotebookError(
      path,
      `nbformat ${String(nb.nbformat)} is not supported (needs 4); convert it with \`jupyter nbconvert --to notebook\``,
    )
  const cells = nb.cells.map((c, i) => {
    if (!isObject(c) || typeof c.cell_type !== 'string')
      throw new BadNotebookError(path, `cell ${i + 1} has no cell_type`)
    const cell: JsonObject = { ...c, source: joinMultiline(c.source ?? ''), metadata: untrusted(c.metadata) }
    if (Array.isArray(c.outputs))
      cell.outputs = c.outputs.map((o) => {
        if (!isObject(o)) return o
        const out: JsonObject = { ...o }
        if ('text' in o) out.text = joinMultiline(o.text)
        if (isObject(o.data))
          out.data = Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, joinMultiline(v)]))
        return out
      })
    return cell
  })
  return { ...nb, cells, metadata: isObject(nb.metadata) ? nb.metadata : {} }
}
