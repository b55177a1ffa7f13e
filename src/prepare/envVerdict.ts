// One verdict for a launch: the environment files' reasons plus what resolving found per
// package (drift, packages with no browser build, packages added for undeclared imports). Strict
// mode makes drift a hub reason, for authors who need exact versions.
import type { Drift, Problem } from '../resolve'
import { verdictOf, type AddedImport, type Reason, type Verdict } from '../environment'

export function packageReasons(
  drift: Drift[],
  problems: Problem[],
  isStrict: boolean,
  added: AddedImport[] = [],
): Reason[] {
  return [
    ...problems.map((p): Reason => ({
      level: 'hub',
      pkg: p.name,
      file: p.requestedBy,
      text:
        p.code === 'PACKAGE_NOT_FOUND'
          ? `${p.name} is not on the package index, so no browser build of it exists.`
          : `${p.name} has no pure-Python or WebAssembly wheel for the browser.`,
    })),
    ...drift.map((d): Reason => ({
      level: isStrict ? 'hub' : 'warning',
      pkg: d.name,
      file: d.requestedBy,
      text: `${d.name}${d.asked} was asked for; the browser has ${d.name} ${d.got}${isStrict ? ' (strict mode needs the exact version)' : ''}.`,
    })),
    // A warning, not a note: on Binder the same notebook stops with ImportError.
    ...added.map((a): Reason => ({
      level: 'warning',
      pkg: a.pkg,
      text: `added ${a.pkg}: imported by ${a.files.join(', ')} but not declared.`,
    })),
  ]
}

export function envVerdict(
  specReasons: Reason[],
  drift: Drift[],
  problems: Problem[],
  isStrict: boolean,
  added: AddedImport[] = [],
): Verdict {
  return verdictOf([...specReasons, ...packageReasons(drift, problems, isStrict, added)])
}
