import { PYODIDE_VERSION } from '../config'
import type { LaunchSpec } from '../launch'
import { findNotebooks, type FetchProgress, type RepoFile, type RepoSnapshot } from '../repo'
import { resolveEnv, type BytesFetcher, type Fetcher, type PyodideLock } from '../resolve'
import { findEnvFiles, readEnvSpec, verdictOf } from '../spec'
import { AppError } from '../shared/errors'
import type { EnvRecord, WheelRecord } from '../store'
import { envVerdict } from './envVerdict'
import { toLockFile } from './lockFile'
import type { LaunchPhase, LaunchProgress, PreparedLaunch } from './types'
import { wheelBytes } from './wheelBytes'

export interface PrepareIo {
  openRepo(onProgress: (p: FetchProgress) => void): Promise<RepoSnapshot>
  /** pyodide-lock.json, fetched only when a repository asks for packages. */
  lock(): Promise<PyodideLock>
  index: Fetcher & BytesFetcher
  indexUrl: string
  envs: { get(id: string): Promise<EnvRecord | undefined>; put(rec: EnvRecord): Promise<void> }
  wheels: { get(sha256: string): Promise<WheelRecord | undefined>; put(rec: WheelRecord): Promise<void> }
  onProgress(p: LaunchProgress): void
  /** `?strict=1`: a pin met with another version (drift) makes the verdict hub. */
  isStrict?: boolean
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

type Wheels = PreparedLaunch['wheels']

/** Resolve the commit's environment and, unless it needs a hub, download its wheels. */
async function resolveAndStore(envId: string, envSpec: Awaited<ReturnType<typeof readEnvSpec>>, files: RepoFile[],
  io: PrepareIo, wheels: Wheels): Promise<EnvRecord> {
  const lock = envSpec.requirements.length === 0 ? undefined : await inPhase('resolving', io, () => io.lock())
  const resolved = lock === undefined
    ? { packages: [], drift: [], problems: [] }
    : await inPhase('resolving', io, async () => resolveEnv(envSpec.requirements, {
      lock, index: io.index, indexUrl: io.indexUrl, constraints: envSpec.constraints, isCollectingProblems: true,
    }), `${envSpec.requirements.length} requirements`)
  const records: EnvRecord['wheels'] = []
  const isHub = envVerdict(envSpec.reasons, resolved.drift, resolved.problems, io.isStrict === true).kind === 'hub'
  const toInstall = isHub ? [] : resolved.packages.filter((p) => p.source !== 'pyodide')
  await inPhase('downloading', io, async () => {
    let bytes = 0
    for (const [i, pkg] of toInstall.entries()) {
      io.onProgress({ phase: 'downloading', detail: `${pkg.name} ${pkg.version}`, loaded: i, total: toInstall.length, bytes: bytes || undefined })
      const rec = await wheelBytes(pkg, files, io)
      bytes += rec.bytes.byteLength
      io.onProgress({ phase: 'downloading', detail: `${pkg.name} ${pkg.version}`, loaded: i + 1, total: toInstall.length, bytes })
      wheels.push({ filename: rec.filename, data: rec.bytes })
      records.push({ filename: rec.filename, sha256: rec.sha256, path: pkg.source === 'repo' ? pkg.path : undefined })
    }
  })
  const env: EnvRecord = {
    id: envId,
    packages: resolved.packages.map((p) => ({ name: p.name, version: p.version, source: p.source, filename: p.filename, sha256: p.sha256 })),
    pyodidePackages: resolved.packages.filter((p) => p.source === 'pyodide').map((p) => p.name),
    wheels: records,
    resolvedAt: Date.now(),
    drift: resolved.drift,
    problems: resolved.problems,
    lock: lock && toLockFile(resolved.packages, lock.info, PYODIDE_VERSION),
  }
  // A hub verdict stores no wheels; strict mode must not keep an env a later non-strict launch would lack wheels for.
  if (!isHub) await io.envs.put(env)
  return env
}

/** The stored wheels of an environment resolved before (reopening needs no network). */
async function storedWheels(env: EnvRecord, files: RepoFile[], io: PrepareIo, wheels: Wheels): Promise<void> {
  for (const w of env.wheels) {
    const rec = await io.wheels.get(w.sha256)
    const fromRepo = rec ?? (w.path ? await wheelBytes({ name: w.filename, version: '', source: 'repo', path: w.path, requestedBy: [] }, files, io) : undefined)
    if (!fromRepo) throw new PhaseError('downloading', new AppError('STORAGE_FAILED', `cached wheel ${w.filename} is missing from storage`, { ...w }))
    wheels.push({ filename: w.filename, data: fromRepo.bytes })
  }
}

/**
 * fetch → read config → resolve → download. A commit's environment is resolved once and stored,
 * so reopening uses the same wheels from IndexedDB and needs no network. Environment files that
 * need a hub (Dockerfile, apt.txt, …) stop before resolving: there is nothing to install.
 */
export async function prepareLaunch(spec: LaunchSpec, io: PrepareIo): Promise<PreparedLaunch> {
  const snap = await inPhase('fetching', io, () =>
    io.openRepo((p) => io.onProgress({
      phase: 'fetching',
      detail: p.phase,
      // git counts objects with a total; the demo copy counts bytes without one.
      loaded: p.total ? p.loaded : undefined,
      total: p.total,
      bytes: p.bytes ?? (p.total ? undefined : p.loaded || undefined),
    })),
  )
  const envSpec = await inPhase('reading-config', io, () =>
    readEnvSpec(findEnvFiles(snap.files.map((f) => f.path)), async (p) => fileText(snap.files, p)),
  )
  const envId = `${spec.key}@${snap.sha}`
  const wheels: Wheels = []
  const stored = await io.envs.get(envId)
  const isFilesHub = verdictOf(envSpec.reasons).kind === 'hub'
  let env: EnvRecord
  if (isFilesHub) env = { id: envId, packages: [], pyodidePackages: [], wheels: [], resolvedAt: Date.now() }
  else if (stored) env = stored
  else env = await resolveAndStore(envId, envSpec, snap.files, io, wheels)
  const verdict = envVerdict(envSpec.reasons, env.drift ?? [], env.problems ?? [], io.isStrict === true)
  if (stored && !isFilesHub && verdict.kind !== 'hub') await storedWheels(stored, snap.files, io, wheels)
  const asked = new Map((env.drift ?? []).map((d) => [d.name, d.asked]))
  io.onProgress({ phase: 'ready' })
  return {
    spec,
    sha: snap.sha,
    files: snap.files,
    notebooks: findNotebooks(snap.files),
    wheels,
    pyodidePackages: verdict.kind === 'hub' ? [] : env.pyodidePackages,
    packages: env.packages.map((p) => ({ name: p.name, version: p.version, source: p.source, ...(asked.has(p.name) ? { asked: asked.get(p.name) } : {}) })),
    verdict,
    envKind: envSpec.kind,
    lock: env.lock,
    isRepoFromCache: snap.isFromCache,
    isEnvFromCache: stored !== undefined,
  }
}
