// R packages a repository asks for → the exact binaries webR's repository has, with everything
// they need to load (Depends, Imports), in install order. Like webr::install, which this mirrors so
// the kernel's pre-installed library is what install.packages() would have made: LinkingTo is not
// followed, because it names headers the binary was compiled against, not packages it loads.
import { BASE_R_PACKAGES, type RPackageRequest } from '../environment/r'
import type { RIndex, RIndexEntry } from './packagesIndex'
import { satisfiesR } from './rVersion'

export interface ResolvedRPackage {
  name: string
  version: string
  /** `<contrib>/<name>_<version>.tgz`, the file webr::install untars. */
  url: string
  filename: string
  /** The repository file (and line) whose request brought this package in. */
  requestedBy: string
  /** The package that needs this one, when it came in as a dependency. */
  neededBy?: string
}

/** A version the repository has that differs from the one asked for. */
export interface RDrift {
  name: string
  asked: string
  got: string
  requestedBy: string
  neededBy?: string
}

/** A package the browser cannot provide: not in webR's repository, or built for a newer R. */
export interface RProblem {
  name: string
  code: 'PACKAGE_NOT_FOUND' | 'NEEDS_NEWER_R'
  requestedBy: string
  neededBy?: string
  /** For NEEDS_NEWER_R: the package's `R (>= …)`. */
  needsR?: string
}

export interface ResolvedREnv {
  packages: ResolvedRPackage[]
  drift: RDrift[]
  problems: RProblem[]
}

// webR's own package (its R API), always installed with webR itself.
const BUILT_IN: ReadonlySet<string> = new Set([...BASE_R_PACKAGES, 'webr'])

/**
 * `contribUrl`: the repository's folder for webR's R version (…/bin/emscripten/contrib/4.6), where
 * PACKAGES and the .tgz files are. `rVersion`: the R webR runs, for `R (>= …)` requirements.
 */
export function resolveRPackages(
  requests: RPackageRequest[],
  index: RIndex,
  contribUrl: string,
  rVersion: string,
): ResolvedREnv {
  const out: ResolvedREnv = { packages: [], drift: [], problems: [] }
  const done = new Set<string>()
  const base = contribUrl.replace(/\/+$/, '')

  const visit = (name: string, constraint: string | undefined, requestedBy: string, neededBy?: string): void => {
    if (BUILT_IN.has(name)) return
    const entry: RIndexEntry | undefined = index.get(name)
    const by = { requestedBy, ...(neededBy ? { neededBy } : {}) }
    if (constraint && entry && satisfiesR(entry.version, constraint) === false) {
      out.drift.push({ name, asked: constraint, got: entry.version, ...by })
    }
    if (done.has(name)) return
    done.add(name)
    if (!entry) return void out.problems.push({ name, code: 'PACKAGE_NOT_FOUND', ...by })
    if (entry.needsR && satisfiesR(rVersion, entry.needsR) === false) {
      out.problems.push({ name, code: 'NEEDS_NEWER_R', needsR: entry.needsR, ...by })
    }
    // Dependencies first: the order the kernel untars them in, as webr::install does.
    for (const dep of entry.needs) visit(dep.name, dep.constraint, requestedBy, name)
    const filename = `${name}_${entry.version}.tgz`
    out.packages.push({ name, version: entry.version, url: `${base}/${filename}`, filename, ...by })
  }

  for (const req of requests) visit(req.name, req.version, `${req.file}:${req.line}`)
  return out
}
