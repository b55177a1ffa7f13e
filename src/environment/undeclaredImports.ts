// Imports the notebooks use but the environment files do not declare. Binder would fail on them
// with ImportError; in the browser, when Pyodide's lock builds the module, Quire adds its package
// and says so. Only modules the lock provides are added: a name is not guessed into a package.
import { normalizeName, type PyodideLock } from '../resolve'
import { scanImports } from './pythonImports'
import { STDLIB_MODULES } from './stdlibModules'

/** A package added for an import no environment file declares. */
export interface AddedImport {
  module: string
  pkg: string
  files: string[]
}

/** Notebooks this large are not scanned: real ones are far smaller, and the launch must not stall. */
const MAX_NOTEBOOK_CHARS = 20_000_000

/** Modules the kernel itself provides (its IPython shim, Pyodide's own modules): never added. */
const KERNEL_MODULES = new Set(['IPython', 'pyodide', 'pyodide_js', 'js', 'quire_kernel'])

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x)

/** Code cells' sources of a Python notebook; [] for another language or a file that is not JSON. */
export function notebookCode(text: string): string[] {
  if (text.length > MAX_NOTEBOOK_CHARS) return []
  let nb: unknown
  try {
    nb = JSON.parse(text)
  } catch {
    return [] // the notebook view reports a broken notebook; the environment does not depend on it
  }
  if (!isObj(nb) || !Array.isArray(nb.cells)) return []
  const meta = isObj(nb.metadata) ? nb.metadata : {}
  const lang = isObj(meta.language_info)
    ? meta.language_info.name
    : isObj(meta.kernelspec)
      ? meta.kernelspec.language
      : undefined
  if (typeof lang === 'string' && lang.toLowerCase() !== 'python') return []
  return nb.cells.flatMap((c) => {
    if (!isObj(c) || c.cell_type !== 'code') return []
    const src = c.source
    if (typeof src === 'string') return [src]
    return Array.isArray(src) && src.every((s) => typeof s === 'string') ? [src.join('')] : []
  })
}

/** Module → notebooks importing it, for every third-party module (not stdlib, not the repo's own). */
export function notebookImports(
  files: Array<{ path: string; text: string }>,
  allPaths: string[],
): Map<string, string[]> {
  const local = localModules(
    allPaths,
    files.map((f) => f.path),
  )
  const uses = new Map<string, string[]>()
  for (const f of files) {
    for (const m of new Set(notebookCode(f.text).flatMap(scanImports))) {
      if (STDLIB_MODULES.has(m) || KERNEL_MODULES.has(m) || local.has(m)) continue
      uses.set(m, [...(uses.get(m) ?? []), f.path])
    }
  }
  return uses
}

/** Modules importable from the repository itself: `x.py` and folders at the root or beside a notebook. */
function localModules(paths: string[], notebooks: string[]): Set<string> {
  const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/') + 1)
  const roots = new Set(['', ...notebooks.map(dirOf)])
  const out = new Set<string>()
  for (const p of paths) {
    for (const root of roots) {
      if (!p.startsWith(root)) continue
      const rest = p.slice(root.length)
      const slash = rest.indexOf('/')
      if (slash > 0) out.add(rest.slice(0, slash))
      else if (/\.(py|pyc|so)$/.test(rest)) out.add(rest.replace(/\..*$/, ''))
    }
  }
  return out
}

/** The lock's packages for imports that no resolved package covers (`provided`: normalised names). */
export function undeclaredImports(
  uses: Map<string, string[]>,
  lock: PyodideLock,
  provided: ReadonlySet<string>,
): AddedImport[] {
  const byImport = new Map<string, string>()
  for (const p of Object.values(lock.packages)) {
    if (p.packageType !== 'package') continue
    for (const m of p.imports) if (!byImport.has(m)) byImport.set(m, p.name)
  }
  const added: AddedImport[] = []
  for (const [module, files] of uses) {
    const pkg = byImport.get(module)
    if (pkg === undefined || provided.has(normalizeName(pkg))) continue
    added.push({ module, pkg, files })
  }
  return added
}
