import { normalizeName, type LockPackage, type PyodideLock } from '../resolve'

/** The lock's entries for `names` and everything they depend on (pyodide-lock.json `depends`), by name. */
export function lockClosure(lock: PyodideLock, names: Iterable<string>): LockPackage[] {
  const seen = new Set<string>()
  const visit = (raw: string) => {
    const name = normalizeName(raw)
    if (seen.has(name)) return
    seen.add(name)
    for (const d of lock.packages[name]?.depends ?? []) visit(d)
  }
  for (const n of names) visit(n)
  return [...seen].sort().flatMap((n) => (lock.packages[n] ? [lock.packages[n]] : []))
}

/**
 * The files Pyodide downloads for `names` (and everything they depend on, per pyodide-lock.json),
 * as absolute URLs under the package base: what must be cached for the kernel to load them offline.
 */
export function lockPackageUrls(lock: PyodideLock, names: Iterable<string>, packageBaseUrl: string): string[] {
  return lockClosure(lock, names)
    .map((p) => new URL(p.fileName, packageBaseUrl).href)
    .sort()
}
