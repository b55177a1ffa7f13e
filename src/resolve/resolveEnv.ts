// Requirements → exact wheels for Pyodide. Each attempt (resolveAttempt.ts) is greedy and
// breadth-first; when a choice conflicts later, the index version that led to it is ruled out and
// resolution starts again (backtracking by restart: simple, and index answers are cached).
// Pyodide's own builds come first.
// Drift: a pin Pyodide's build does not meet (numpy==1.24.0 vs the lock's 2.4.6) is met from the
// index when it has a browser wheel, else resolved to the lock's version and reported (asked, got),
// because the lock's compiled packages are the only ones that exist for the browser.
import type { BytesFetcher, Fetcher } from './fetcher'
import type { IndexApi } from './indexSource'
import type { IndexRef, UnreachableIndex } from './multiIndex'
import { Conflict, resolveAttempt } from './resolveAttempt'
import type { PyodideLock } from './pyodideLock'
import type { Requirement } from './requirement'

export type PackageSource = 'pyodide' | 'index' | 'repo'

export interface ResolvedPackage {
  name: string
  version: string
  source: PackageSource
  filename?: string // for 'pyodide': relative to Pyodide's package base URL
  url?: string // for 'index'
  extraIndex?: string // for 'index': the `--extra-index-url` that listed it (absent for the primary index)
  path?: string // for 'repo': relative to the repository root
  sha256?: string
  requestedBy: string[] // 'requirements.txt:3' for a line, 'name==version' for a dependency
}

/** A pin met with another version: what was asked, what the browser gets. */
export interface Drift {
  name: string
  asked: string
  got: string
  requestedBy: string
}

/** A package left out because no browser build of it exists (collected instead of thrown). */
export interface Problem {
  name: string
  code: 'NO_BROWSER_WHEEL' | 'PACKAGE_NOT_FOUND'
  message: string
  requestedBy: string
}

export interface ResolvedEnv {
  packages: ResolvedPackage[]
  drift: Drift[]
  problems: Problem[]
  /** Indexes that could not be reached while another answered (pip warns and goes on). */
  unreachable?: UnreachableIndex[]
}

export type ResolveProgress =
  { phase: 'query'; name: string } | { phase: 'chosen'; name: string; version: string; source: PackageSource }

export interface ResolveIo {
  lock: PyodideLock
  /** `fetchBytes` reads dependencies from wheels on a simple index that offers no `.metadata` files. */
  index: Fetcher & Partial<BytesFetcher>
  /** A PyPI JSON API base ('https://pypi.org') or a simple index ('https://pypi.org/simple'). */
  indexUrl: string
  /** Which API `indexUrl` speaks; by default told from the URL (indexSource.ts: indexApiOf). */
  indexApi?: IndexApi
  /** `--extra-index-url`s: asked too, after `indexUrl`, for every package not in Pyodide (multiIndex.ts). */
  extraIndexes?: IndexRef[]
  onProgress?: (p: ResolveProgress) => void
  signal?: AbortSignal
  /** `-c` constraint lines: they narrow a package's versions when something asks for it. */
  constraints?: Requirement[]
  /** Collect packages with no browser build as `problems` (for a hub verdict) instead of throwing. */
  isCollectingProblems?: boolean
  /** Index answers by URL, to share between resolves of overlapping sets (resolveWithImports). */
  cache?: Map<string, Promise<unknown>>
}

/** Attempts before giving up; each rules out one more version, so this bounds the work. */
const MAX_ATTEMPTS = 50

/**
 * Depth-first over "rule out one culprit": a conflict names the index decisions that led to it
 * (newest first); each is tried as a branch with that version excluded. The first conflict is
 * the error a user can act on, so it is the one thrown when every branch fails.
 */
export async function resolveEnv(reqs: Requirement[], io: ResolveIo): Promise<ResolvedEnv> {
  const cache = io.cache ?? new Map<string, Promise<unknown>>()
  let attempts = 0
  async function search(exclusions: Map<string, Set<string>>): Promise<ResolvedEnv> {
    attempts++
    let conflict: Conflict
    try {
      return await resolveAttempt(reqs, io, { exclusions, cache })
    } catch (e) {
      if (!(e instanceof Conflict)) throw e
      conflict = e
    }
    for (const c of conflict.culprits) {
      if (exclusions.get(c.name)?.has(c.version) || attempts >= MAX_ATTEMPTS) continue
      const next = new Map(exclusions)
      next.set(c.name, new Set([...(exclusions.get(c.name) ?? []), c.version]))
      try {
        return await search(next)
      } catch (e) {
        if (!(e instanceof Conflict)) throw e
      }
    }
    throw conflict
  }
  try {
    return await search(new Map())
  } catch (e) {
    // The root attempt's conflict: the first one met.
    throw e instanceof Conflict ? e.error : e
  }
}
