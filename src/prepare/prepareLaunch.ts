import type { LaunchSpec } from '../launch'
import { findNotebooks, type FetchProgress, type RepoFile, type RepoSnapshot } from '../repo'
import { downloadWheel, resolveEnv, sha256Hex, type BytesFetcher, type Fetcher, type PyodideLock, type ResolvedPackage } from '../resolve'
import { findEnvFiles, readEnvSpec } from '../spec'
import { AppError } from '../shared/errors'
import type { EnvRecord, WheelRecord } from '../store'
import type { LaunchPhase, LaunchProgress, PreparedLaunch } from './types'

export interface PrepareIo {
  openRepo(onProgress: (p: FetchProgress) => void): Promise<RepoSnapshot>
  /** pyodide-lock.json, fetched only when a repository asks for packages. */
  lock(): Promise<PyodideLock>
  index: Fetcher & BytesFetcher
  indexUrl: string
  envs: { get(id: string): Promise<EnvRecord | undefined>; put(rec: EnvRecord): Promise<void> }
  wheels: { get(sha256: string): Promise<WheelRecord | undefined>; put(rec: WheelRecord): Promise<void> }
  onProgress(p: LaunchProgress): void
}

/** Failure of one phase, so the UI can say what Quire was doing when it happened. */
export class PhaseError extends Error {
  constructor(readonly phase: LaunchPhase, readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause))
  }
}

async function inPhase<T>(phase: LaunchPhase, io: PrepareIo, work: () => Promise<T>, detail?: string): Promise<T> {
  io.onProgress({ phase, detail })
  try {
    return await work()
  } catch (e) {
    throw new PhaseError(phase, e)
  }
}

function fileText(files: RepoFile[], path: string): string {
  const f = files.find((x) => x.path === path)
  if (!f) throw new AppError('BAD_REQUIREMENT', `${path} is named by a requirements file but is not in the repository`, { path })
  return new TextDecoder().decode(f.data)
}

/** Bytes of one wheel: the repository's own file, the local cache, or a verified download. */
async function wheelBytes(pkg: ResolvedPackage, files: RepoFile[], io: PrepareIo): Promise<WheelRecord> {
  if (pkg.source === 'repo') {
    const f = files.find((x) => x.path === pkg.path)
    if (!f) throw new AppError('BAD_REQUIREMENT', `${pkg.path} is named in requirements but is not in the repository`, { path: pkg.path })
    return { sha256: await sha256Hex(f.data), filename: pkg.path?.split('/').pop() ?? `${pkg.name}.whl`, bytes: f.data }
  }
  const cached = pkg.sha256 ? await io.wheels.get(pkg.sha256) : undefined
  if (cached) return cached
  const bytes = await downloadWheel(pkg, io.index)
  const rec = { sha256: pkg.sha256 ?? (await sha256Hex(bytes)), filename: pkg.filename ?? `${pkg.name}.whl`, bytes }
  await io.wheels.put(rec)
  return rec
}

/**
 * fetch → read config → resolve → download. A commit's environment is resolved once and stored,
 * so reopening uses the same wheels from IndexedDB and needs no network.
 */
export async function prepareLaunch(spec: LaunchSpec, io: PrepareIo): Promise<PreparedLaunch> {
  const snap = await inPhase('fetching', io, () =>
    io.openRepo((p) => io.onProgress({ phase: 'fetching', detail: p.phase, loaded: p.loaded || undefined, total: p.total })),
  )
  const envSpec = await inPhase('reading-config', io, () =>
    readEnvSpec(findEnvFiles(snap.files.map((f) => f.path)), async (p) => fileText(snap.files, p)),
  )
  const envId = `${spec.key}@${snap.sha}`
  let env = await io.envs.get(envId)
  const isEnvFromCache = env !== undefined
  const wheels: PreparedLaunch['wheels'] = []
  if (env) {
    for (const w of env.wheels) {
      const rec = await io.wheels.get(w.sha256)
      const fromRepo = rec ?? (w.path ? await wheelBytes({ name: w.filename, version: '', source: 'repo', path: w.path, requestedBy: [] }, snap.files, io) : undefined)
      if (!fromRepo) throw new PhaseError('downloading', new AppError('STORAGE_FAILED', `cached wheel ${w.filename} is missing from storage`, { ...w }))
      wheels.push({ filename: w.filename, data: fromRepo.bytes })
    }
  } else {
    const resolved = envSpec.requirements.length === 0
      ? { packages: [] }
      : await inPhase('resolving', io, async () => resolveEnv(envSpec.requirements, { lock: await io.lock(), index: io.index, indexUrl: io.indexUrl }), `${envSpec.requirements.length} requirements`)
    const toInstall = resolved.packages.filter((p) => p.source !== 'pyodide')
    const records: EnvRecord['wheels'] = []
    await inPhase('downloading', io, async () => {
      for (const [i, pkg] of toInstall.entries()) {
        io.onProgress({ phase: 'downloading', detail: `${pkg.name} ${pkg.version} (${i + 1} of ${toInstall.length})` })
        const rec = await wheelBytes(pkg, snap.files, io)
        wheels.push({ filename: rec.filename, data: rec.bytes })
        records.push({ filename: rec.filename, sha256: rec.sha256, path: pkg.source === 'repo' ? pkg.path : undefined })
      }
    })
    env = {
      id: envId,
      packages: resolved.packages.map((p) => ({ name: p.name, version: p.version, source: p.source, filename: p.filename, sha256: p.sha256 })),
      pyodidePackages: resolved.packages.filter((p) => p.source === 'pyodide').map((p) => p.name),
      wheels: records,
      resolvedAt: Date.now(),
    }
    await io.envs.put(env)
  }
  io.onProgress({ phase: 'ready' })
  return {
    spec,
    sha: snap.sha,
    files: snap.files,
    notebooks: findNotebooks(snap.files),
    wheels,
    pyodidePackages: env.pyodidePackages,
    packages: env.packages,
    isRepoFromCache: snap.isFromCache,
    isEnvFromCache,
  }
}
