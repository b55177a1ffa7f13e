// Requirements that name a place rather than a version: a wheel in the repository
// (`./wheels/x-1.0-py3-none-any.whl`) or at a URL (`name @ https://…/x.whl`, PEP 508).
import { HashMismatchError, NoBrowserWheelError } from './errors'
import type { Requirement } from './requirement'
import type { ResolvedPackage } from './resolveEnv'
import { parseWheelFilename, wheelRank } from './wheelTags'

/** `sha256=…` from a URL fragment (pip's hash fragment) or a `--hash=sha256:…` option. */
function sha256Of(req: Requirement): string | undefined {
  const fragment = req.url && /[#&]sha256=([0-9a-fA-F]{64})/.exec(req.url)
  if (fragment) return fragment[1].toLowerCase()
  const option = req.hashes?.find((h) => h.startsWith('sha256:'))
  return option?.slice('sha256:'.length).toLowerCase()
}

export function decideLocated(req: Requirement, by: string): ResolvedPackage {
  const where = req.url ?? (req.path || '.') // '' is the repository root
  const filename =
    where
      .replace(/[#?].*$/, '')
      .split('/')
      .pop() ?? where
  const wheel = parseWheelFilename(filename)
  // Source archives, directories and VCS checkouts need a build step the browser cannot run.
  if (!wheel || wheelRank(wheel) === null || /^(git|hg|svn|bzr)\+/.test(where)) {
    throw new NoBrowserWheelError(req.name, [where], [by])
  }
  const base = { name: req.name, version: wheel.version, filename, sha256: sha256Of(req), requestedBy: [by] }
  return req.path !== undefined
    ? { ...base, source: 'repo', path: req.path }
    : { ...base, source: 'index', url: req.url }
}

/** pip's hash-checking mode: a requirement with `--hash` accepts only a file with one of those
 *  sha256 digests. https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode */
export function checkHashes(req: Requirement, pkg: ResolvedPackage): void {
  const allowed = (req.hashes ?? []).filter((h) => h.startsWith('sha256:')).map((h) => h.slice(7).toLowerCase())
  if (allowed.length === 0 || (pkg.sha256 !== undefined && allowed.includes(pkg.sha256.toLowerCase()))) return
  throw new HashMismatchError(
    req.name,
    `${req.file}:${req.line}`,
    pkg.filename ?? pkg.name,
    pkg.sha256 ?? 'unknown',
    allowed,
  )
}
