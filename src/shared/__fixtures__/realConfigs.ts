// Real Binder repositories' configuration files, kept beside the project in
// `<repo>/../shared/real-binder-configs/` and never in it. Tests that read them run only when the
// folder is there, and say plainly when it is not; what they check is also covered by fixtures
// inside the project, so a clone with nothing beside it passes.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const REAL_CONFIGS = fileURLToPath(new URL('../../../../shared/real-binder-configs/', import.meta.url))
export const hasRealConfigs = existsSync(REAL_CONFIGS)

const warned = new Set<string>()
/** Call at a test file's top level: one console line per file when the folder is absent. */
export function noteIfNoRealConfigs(what: string): void {
  if (hasRealConfigs || warned.has(what)) return
  warned.add(what)
  console.warn(`[needs ../shared] ${what}: did not run, because ${REAL_CONFIGS} is absent (data kept beside the project).`)
}

export const readReal = (path: string): string => readFileSync(REAL_CONFIGS + path, 'utf8')
