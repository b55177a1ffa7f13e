// The launch's R half: resolve a repository's R packages against webR's repository, fetch their
// binaries (cached in IndexedDB by sha256, like wheels), and read them back on a later visit with
// no network. I/O is injected; src/prepare/prepareLaunch.ts and the CLI call these.
import { sha256Hex, type BytesFetcher } from '../resolve'
import { AppError } from '../shared/errors'
import type { Reason } from '../environment'
import type { RPackageRequest } from '../environment/r'
import { contribUrl, isGzip, loadRIndex } from './rRepo'
import { rPackageReasons } from './rReasons'
import { resolveRPackages, type RDrift, type RProblem } from './resolveR'

/** What a commit's environment record keeps of its R side (EnvRecord.r). */
export interface REnvRecord {
  repoUrl: string
  /** The R version of the webR it was resolved for. */
  rVersion: string
  /** In install order (dependencies first); sha256 is set once the binary was fetched. */
  packages: Array<{ name: string; version: string; filename: string; url: string; sha256?: string }>
  drift: RDrift[]
  problems: RProblem[]
}

/** One package binary the R kernel untars into its library before the first cell. */
export interface RPackageFile {
  name: string
  version: string
  filename: string
  data: Uint8Array
}

export interface RCache {
  get(sha256: string): Promise<{ sha256: string; filename: string; bytes: Uint8Array } | undefined>
  put(rec: { sha256: string; filename: string; bytes: Uint8Array }): Promise<void>
  /**
   * The sha256 of a binary fetched before for another environment (another commit, another
   * repository): `knownRSha` over the stored environments. Without it only this commit's own
   * environment record finds cached binaries.
   */
  knownSha?(p: { name: string; version: string; url: string }): Promise<string | undefined>
}

/**
 * The sha256 an earlier environment recorded for the same package binary: same name, version and
 * URL (the URL names webR's repository and R version, so it is the same build). webR's PACKAGES
 * carries no checksum, so the binary's identity is where it came from.
 */
export function knownRSha(
  envs: Iterable<{ r?: REnvRecord }>,
  p: { name: string; version: string; url: string },
): string | undefined {
  for (const e of envs)
    for (const q of e.r?.packages ?? [])
      if (q.sha256 && q.name === p.name && q.version === p.version && q.url === p.url) return q.sha256
  return undefined
}

export async function resolveREnv(
  requests: RPackageRequest[],
  io: { fetcher: BytesFetcher; repoUrl: string; rVersion: string },
): Promise<REnvRecord> {
  const contrib = contribUrl(io.repoUrl, io.rVersion)
  const index = await loadRIndex(contrib, io.fetcher)
  const env = resolveRPackages(requests, index, contrib, io.rVersion)
  return {
    repoUrl: io.repoUrl,
    rVersion: io.rVersion,
    drift: env.drift,
    problems: env.problems,
    packages: env.packages.map(({ name, version, filename, url }) => ({ name, version, filename, url })),
  }
}

export function rEnvReasons(env: REnvRecord | undefined, isStrict: boolean): Reason[] {
  return env ? rPackageReasons(env.drift, env.problems, env.rVersion, isStrict) : []
}

/** Fetches each binary (or takes it from the cache), records its sha256 in `env`, and caches it. */
export async function downloadRPackages(
  env: REnvRecord,
  io: { fetcher: BytesFetcher; cache: RCache; onEach?: (i: number, bytes: number) => void },
): Promise<RPackageFile[]> {
  const files: RPackageFile[] = []
  let total = 0
  for (const [i, p] of env.packages.entries()) {
    io.onEach?.(i, total)
    const sha = p.sha256 ?? (await io.cache.knownSha?.(p))
    const cached = sha ? await io.cache.get(sha) : undefined
    let bytes = cached?.bytes
    if (cached) p.sha256 = cached.sha256
    if (!bytes) {
      bytes = await io.fetcher.fetchBytes(p.url)
      // A torn transfer or an HTML error page; one refetch past the HTTP cache, as for wheels.
      if (!isGzip(bytes)) bytes = await io.fetcher.fetchBytes(p.url, undefined, { isReload: true })
      if (!isGzip(bytes)) throw new AppError('CORRUPT_DOWNLOAD', `${p.url} is not a gzip archive`, { url: p.url })
      p.sha256 = await sha256Hex(bytes)
      await io.cache.put({ sha256: p.sha256, filename: p.filename, bytes })
    }
    total += bytes.byteLength
    files.push({ name: p.name, version: p.version, filename: p.filename, data: bytes })
  }
  io.onEach?.(env.packages.length, total)
  return files
}

/** The binaries of an environment resolved before, from the cache only (a reopen needs no network). */
export async function storedRPackages(env: REnvRecord, cache: RCache): Promise<RPackageFile[]> {
  const files: RPackageFile[] = []
  for (const p of env.packages) {
    const rec = p.sha256 ? await cache.get(p.sha256) : undefined
    if (!rec) throw new AppError('STORAGE_FAILED', `cached R package ${p.filename} is missing from storage`, { ...p })
    files.push({ name: p.name, version: p.version, filename: p.filename, data: rec.bytes })
  }
  return files
}

/** webR's public package repository, used when no other is configured (config `webrRepoUrl`). */
export const WEBR_REPO_URL = 'https://repo.r-wasm.org'

/** The R packages as a launch lists them beside Python's: source 'webr', with their drift. */
export function rListed(env: REnvRecord | undefined): {
  packages: Array<{ name: string; version: string; source: string }>
  drift: RDrift[]
} {
  return {
    packages: (env?.packages ?? []).map((p) => ({ name: p.name, version: p.version, source: 'webr' })),
    drift: env?.drift ?? [],
  }
}
