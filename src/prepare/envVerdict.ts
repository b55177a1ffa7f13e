// One verdict for a launch: the environment files' reasons plus what resolving found per
// package (drift, packages with no browser build). Strict mode makes drift a hub reason, for
// authors who need exact versions.
import type { Drift, Problem } from '../resolve'
import { verdictOf, type Reason, type Verdict } from '../spec'

export function packageReasons(drift: Drift[], problems: Problem[], isStrict: boolean): Reason[] {
  return [
    ...problems.map((p): Reason => ({
      level: 'hub', pkg: p.name, file: p.requestedBy,
      text: p.code === 'PACKAGE_NOT_FOUND'
        ? `${p.name} is not on the package index, so no browser build of it exists.`
        : `${p.name} has no pure-Python or WebAssembly wheel for the browser.`,
    })),
    ...drift.map((d): Reason => ({
      level: isStrict ? 'hub' : 'warning', pkg: d.name, file: d.requestedBy,
      text: `${d.name}${d.asked} was asked for; the browser has ${d.name} ${d.got}${isStrict ? ' (strict mode needs the exact version)' : ''}.`,
    })),
  ]
}

export function envVerdict(specReasons: Reason[], drift: Drift[], problems: Problem[], isStrict: boolean): Verdict {
  return verdictOf([...specReasons, ...packageReasons(drift, problems, isStrict)])
}
