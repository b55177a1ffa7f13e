// What resolving R packages found, as verdict reasons (see src/environment/verdict.ts): packages webR's
// repository lacks or cannot load send the launch to a hub; other versions than asked are drift.
import type { Reason } from '../environment'
import type { RDrift, RProblem } from './resolveR'

const neededBy = (x: { neededBy?: string }) => (x.neededBy ? ` (needed by ${x.neededBy})` : '')

export function rPackageReasons(drift: RDrift[], problems: RProblem[], rVersion: string, isStrict: boolean): Reason[] {
  return [
    ...problems.map((p): Reason => ({
      level: 'hub',
      pkg: p.name,
      file: p.requestedBy,
      text:
        p.code === 'PACKAGE_NOT_FOUND'
          ? `R package ${p.name}${neededBy(p)} is not in webR's package repository, so the browser cannot install it.`
          : `R package ${p.name}${neededBy(p)} needs R ${p.needsR}; the browser runs R ${rVersion} (webR).`,
    })),
    ...drift.map((d): Reason => ({
      level: isStrict ? 'hub' : 'warning',
      pkg: d.name,
      file: d.requestedBy,
      text: `R package ${d.name} ${d.asked} was asked for${neededBy(d)}; webR's repository has ${d.name} ${d.got}${isStrict ? ' (strict mode needs the exact version)' : ''}.`,
    })),
  ]
}
