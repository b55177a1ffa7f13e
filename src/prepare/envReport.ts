// The compatibility report: what the launch will run, known as soon as resolving ends, before any
// download or Python boot, so the user sees what they are getting while they wait.
import type { Drift } from '../resolve'
import type { Verdict } from '../environment'
import type { LaunchPackage } from './types'

export interface EnvReport {
  verdict: Verdict
  /** Every resolved package with where it comes from; `asked` is set where a pin drifted. */
  packages: LaunchPackage[]
}

export function launchPackages(
  packages: Array<{ name: string; version: string; source: string; extraIndex?: string }>,
  drift: Drift[],
): LaunchPackage[] {
  const asked = new Map(drift.map((d) => [d.name, d.asked]))
  return packages.map((p) => ({
    name: p.name,
    version: p.version,
    source: p.source,
    ...(p.extraIndex ? { extraIndex: p.extraIndex } : {}),
    ...(asked.has(p.name) ? { asked: asked.get(p.name) } : {}),
  }))
}
