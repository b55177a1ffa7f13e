// `quire check`'s R half: a repository's R packages resolved against webR's repository, added to
// the Python result (verdict, reasons, the packages table with source "webr", and an `r` section
// in --json). Kept apart from checkRepo so each language's check reads on its own.
import type { BytesFetcher } from '../resolve'
import { resolveREnv, rEnvReasons } from '../resolve-r'
import { findEnvFiles, readEnvSpec, verdictOf, type ReadFile } from '../environment'
import { WEBR_R_VERSION } from '../environment/r'
import type { CheckResult } from './checkRepo'

export interface RCheckIo {
  fetcher: BytesFetcher
  /** webR's package repository (`--webr-repo-url`). */
  repoUrl: string
  isStrict?: boolean
}

export async function addRCheck(
  result: CheckResult,
  paths: string[],
  read: ReadFile,
  io: RCheckIo,
): Promise<CheckResult> {
  const spec = await readEnvSpec(findEnvFiles(paths), read)
  const requests = spec.r?.packages ?? []
  if (requests.length === 0) return result
  const r = await resolveREnv(requests, { fetcher: io.fetcher, repoUrl: io.repoUrl, rVersion: WEBR_R_VERSION })
  const asked = new Map(r.drift.map((d) => [d.name, d.asked]))
  return {
    ...result,
    verdict: verdictOf([...result.verdict.reasons, ...rEnvReasons(r, io.isStrict === true)]),
    packages: [
      ...result.packages,
      ...r.packages.map((p) => ({
        name: p.name,
        version: p.version,
        source: 'webr' as const,
        url: p.url,
        ...(asked.has(p.name) ? { asked: asked.get(p.name) } : {}),
      })),
    ],
    r,
  }
}
