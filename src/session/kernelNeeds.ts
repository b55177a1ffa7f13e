// Which kernels a launch should start before its notebook opens (issue 9's early boot). Python's
// boot costs seconds of the two cores and ~30 MB: an R-only repository should not pay for it.
// Pure: the caller reads the notebooks, and remembers their languages per link (languageMemo.ts).

export type NotebookLanguage = 'python' | 'r' | 'unknown'

/** The language a notebook's metadata names (kernelspec, then language_info); `unknown` when unreadable. */
export function notebookLanguage(text: string): NotebookLanguage {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return 'unknown'
  }
  const meta: unknown = typeof doc === 'object' && doc !== null ? Reflect.get(doc, 'metadata') : undefined
  if (typeof meta !== 'object' || meta === null) return 'unknown'
  const spec: unknown = Reflect.get(meta, 'kernelspec')
  const info: unknown = Reflect.get(meta, 'language_info')
  const names = [field(spec, 'language'), field(spec, 'name'), field(info, 'name')]
    .filter((n): n is string => n !== undefined)
    .map((n) => n.toLowerCase())
  // The kernelspec names R notebooks `ir` (IRkernel) or `R`, with language `R` (src/notebook/services.ts).
  if (names.some((n) => n === 'r' || n === 'ir')) return 'r'
  if (names.some((n) => n.startsWith('python') || n === 'pyodide')) return 'python'
  return 'unknown'
}

function field(obj: unknown, key: string): string | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined
  const v: unknown = Reflect.get(obj, key)
  return typeof v === 'string' && v !== '' ? v : undefined
}

/**
 * Whether to boot Python early. A link naming a notebook needs that notebook's kernel; otherwise
 * any Python notebook (or one whose language cannot be told) may be opened first. A repository
 * not yet seen (`notebooks` undefined) is assumed to need Python: most Binder repositories do.
 */
export function needsPythonEarly(
  notebooks: ReadonlyArray<{ path: string; language: NotebookLanguage }> | undefined,
  labpath?: string,
): boolean {
  if (notebooks === undefined) return true
  const named = labpath === undefined ? undefined : notebooks.find((n) => n.path === labpath)
  if (named) return named.language !== 'r'
  return notebooks.some((n) => n.language !== 'r')
}

/** The notebooks of a prepared launch with their languages (text read lazily, one notebook at a time). */
export function notebookLanguages(
  notebooks: readonly string[],
  read: (path: string) => string | undefined,
): Array<{ path: string; language: NotebookLanguage }> {
  return notebooks.map((path) => {
    const text = read(path)
    return { path, language: text === undefined ? 'unknown' : notebookLanguage(text) }
  })
}
