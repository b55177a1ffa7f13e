// Reads one of repo2docker's test repositories (copied here, see NOTICE) as Quire does.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findEnvFiles } from '../../findEnvFiles'
import { readEnvSpec, type EnvSpec } from '../../readEnvSpec'
import { verdictOf, type VerdictKind } from '../../verdict'

export const REPO2DOCKER_TESTS = fileURLToPath(new URL('.', import.meta.url))

function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? listFiles(path, root) : [relative(root, path)]
  })
}

export interface CaseResult {
  spec: EnvSpec
  verdict: VerdictKind
  /** Python requirements as `name specifier` (extras left out). */
  python: string[]
  /** R packages asked for (install.R, DESCRIPTION, conda r-*). */
  r: string[]
}

/** `name`: the test repository's path under repo2docker's tests/, e.g. 'conda/py2'. */
export async function readCase(name: string): Promise<CaseResult> {
  const dir = join(REPO2DOCKER_TESTS, name)
  const spec = await readEnvSpec(findEnvFiles(listFiles(dir)), async (p) => readFileSync(join(dir, p), 'utf8'))
  return {
    spec,
    verdict: verdictOf(spec.reasons).kind,
    python: spec.requirements.map((r) => `${r.name}${r.specifier ? ` ${r.specifier}` : ''}`),
    r: spec.r?.packages.map((p) => p.name) ?? [],
  }
}
