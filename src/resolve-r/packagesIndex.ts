// A CRAN-like repository's PACKAGES index (Debian control format), as webR's repositories serve it
// under bin/emscripten/contrib/<R major.minor>/. One paragraph per package.
// https://cran.r-project.org/doc/manuals/r-release/R-admin.html#Setting-up-a-package-repository
import { readRDependency } from '../environment/r'

/** One dependency as PACKAGES writes it: "rlang (>= 1.1.0)". */
export interface RDependency {
  name: string
  constraint?: string
}

export interface RIndexEntry {
  name: string
  version: string
  /** Depends and Imports: what loading the package needs (R itself excluded, see `needsR`). */
  needs: RDependency[]
  /** LinkingTo: C/C++ headers used when the binary was compiled; not needed to load it. */
  linkingTo: RDependency[]
  /** `R (>= x)` from Depends. */
  needsR?: string
}

export type RIndex = ReadonlyMap<string, RIndexEntry>

function paragraphs(text: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = []
  let fields: Record<string, string> = {}
  let key = ''
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (Object.keys(fields).length > 0) out.push(fields)
      fields = {}
      key = ''
    } else if (/^\s/.test(line) && key) fields[key] += ` ${line.trim()}`
    else {
      const m = /^([^:\s]+):\s*(.*)$/.exec(line)
      if (m) fields[(key = m[1])] = m[2].trim()
    }
  }
  if (Object.keys(fields).length > 0) out.push(fields)
  return out
}

function dependencies(field: string | undefined): RDependency[] {
  if (!field) return []
  return field
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((item) => readRDependency(item) ?? [])
}

/** Parses PACKAGES; paragraphs without Package or Version are skipped. Later duplicates win. */
export function readPackagesIndex(text: string): RIndex {
  const index = new Map<string, RIndexEntry>()
  for (const p of paragraphs(text)) {
    if (!p.Package || !p.Version) continue
    const all = [...dependencies(p.Depends), ...dependencies(p.Imports)]
    const r = all.find((d) => d.name === 'R')
    index.set(p.Package, {
      name: p.Package,
      version: p.Version,
      needs: all.filter((d) => d.name !== 'R'),
      linkingTo: dependencies(p.LinkingTo),
      ...(r?.constraint ? { needsR: r.constraint } : {}),
    })
  }
  return index
}
