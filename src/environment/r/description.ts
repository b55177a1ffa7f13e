// DESCRIPTION (an R package's metadata, Debian control format): the packages of its Depends and
// Imports fields, as repo2docker's R buildpack installs them (`remotes::install_deps`).
// https://cran.r-project.org/doc/manuals/r-release/R-exts.html#The-DESCRIPTION-file
import type { Reason } from '../verdict'
import { BASE_R_PACKAGES, type RPackageRequest } from './types'

/** Field → value and the line it starts on; continuation lines start with white space. */
function readFields(text: string): Map<string, { value: string; line: number }> {
  const fields = new Map<string, { value: string; line: number }>()
  let current: { value: string; line: number } | undefined
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/^\s/.test(raw) && current) {
      current.value += ` ${raw.trim()}`
      return
    }
    const m = /^([A-Za-z0-9/@._-]+)\s*:\s*(.*)$/.exec(raw)
    current = m ? { value: m[2].trim(), line: i + 1 } : undefined
    if (m && current) fields.set(m[1], current)
  })
  return fields
}

const ENTRY = /^([A-Za-z][A-Za-z0-9.]*)\s*(?:\(\s*([^)]*?)\s*\))?$/

/** One entry of a Depends/Imports/LinkingTo list, "rlang (>= 1.1.0)", or null when it is not one.
 *  Shared with the repository index reader (src/resolve-r/packagesIndex.ts): same format. */
export function readRDependency(item: string): { name: string; constraint?: string } | null {
  const m = ENTRY.exec(item)
  return m ? { name: m[1], ...(m[2] ? { constraint: m[2] } : {}) } : null
}

export function readDescription(
  text: string,
  file: string,
): { packages: RPackageRequest[]; rVersion?: string; reasons: Reason[] } {
  const fields = readFields(text)
  const packages: RPackageRequest[] = []
  const reasons: Reason[] = []
  let rVersion: string | undefined
  for (const field of ['Depends', 'Imports'] as const) {
    const entry = fields.get(field)
    if (!entry) continue
    for (const item of entry.value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const dep = readRDependency(item)
      if (!dep) {
        reasons.push({ level: 'warning', file, text: `${field}: cannot read "${item}"` })
        continue
      }
      const { name, constraint: version } = dep
      // `Depends: R (>= 4.0)` constrains R itself, not a package.
      if (name === 'R') rVersion = version
      if (BASE_R_PACKAGES.has(name)) continue
      packages.push({ name, ...(version ? { version } : {}), file, line: entry.line, source: 'DESCRIPTION' })
    }
  }
  // repo2docker also installs the repository itself as a package; here its own R code stays source
  // files in the working directory (source() works, library() of it does not).
  const own = fields.get('Package')?.value
  if (own)
    reasons.push({
      level: 'warning',
      file,
      text: `the repository's own package ${own} is not installed in the browser, only what it depends on; library(${own}) will not find it`,
    })
  if (fields.has('Remotes'))
    reasons.push({ level: 'hub', file, text: 'Remotes: installs packages from outside a package repository' })
  return { packages, ...(rVersion ? { rVersion } : {}), reasons }
}
