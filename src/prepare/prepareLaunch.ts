import { PYODIDE_VERSION } from '../config'
import type { LaunchSpec } from '../launch'
import { findNotebooks, type FetchProgress, type RepoFile, type RepoSnapshot } from '../repo'
import type { BytesFetcher, Fetcher, IndexRef, PyodideLock } from '../resolve'
import { findEnvFiles, readEnvSpec, verdictOf } from '../environment'
import {
  downloadRPackages,
  knownRSha,
  resolveREnv,
  rEnvReasons,
  rListed,
  storedRPackages,
  WEBR_REPO_URL,
  type RPackageFile,
} from '../resolve-r'
import { WEBR_R_VERSION } from '../environment/r'
import { AppError } from '../shared/errors'
import type { EnvRecord, WheelRecord } from '../store'
import { launchPackages, type EnvReport } from './envReport'
import { envVerdict } from './envVerdict'
import { toLockFile } from './lockFile'
import { repoImports } from './repoImports'
import { assertSafeRepoPaths } from './repoPaths'
import { resolveWithImports, unreachableReasons } from './resolveWithImports'
import type { LaunchPhase, LaunchProgress, PreparedLaunch } from './types'
import { wheelBytes } from './wheelBytes'
import { fetchPyodideFiles, pyodideFileNeeds, type PyodideFile, type PyodideFileStore } from './pyodideFiles'

export interface PrepareIo {
  openRepo(onProgress: (p: FetchProgress) => void): Promise<RepoSnapshot>
  /** An nbgitpuller link's repository (spec.gitPull), pulled after the launched one: its commit and files. */
  pull?(onProgress: (p: FetchProgress) => void): Promise<RepoSnapshot>
  /** pyodide-lock.json, fetched only when a repository asks for packages. */
  lock(): Promise<PyodideLock>
  index: Fetcher & BytesFetcher
  indexUrl: string
  /** The site's extra indexes (config `extraIndexUrls`), asked before a repository's own `--extra-index-url`s. */
  extraIndexes?: IndexRef[]
  envs: {
    get(id: string): Promise<EnvRecord | undefined>
    put(rec: EnvRecord): Promise<void>
    /** Every stored environment, so R binaries fetched for another commit are found again (knownRSha). */
    all?(): Promise<EnvRecord[]>
  }
  wheels: { get(sha256: string): Promise<WheelRecord | undefined>; put(rec: WheelRecord): Promise<void> }
  onProgress(p: LaunchProgress): void
  /** The compatibility report, once the verdict and packages are known and before any download. */
  onResolved?(report: EnvReport): void
  /** `?strict=1`: a pin met with another version (drift) makes the verdict hub. */
  isStrict?: boolean
  /** webR's package repository (config `webrRepoUrl`) for R packages; default repo.r-wasm.org. */
  rRepoUrl?: string
  /**
   * Pyodide's lock packages are fetched in the download phase from `baseUrl` (config
   * `pyodidePackageBaseUrl`) and kept in `store`; without this the kernel fetches them itself.
   */
  pyodideFiles?: { baseUrl: string; store?: PyodideFileStore }
}

/** Failure of one phase, so the UI can say what Quire was doing when it happened. */
export class PhaseError extends Error {
  constructor(
    readonly phase: LaunchPhase,
    readonly cause: unknown,
  ) {
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
  if (!f)
    throw new AppError('BAD_REQUIREMENT', `${path} is named by a requirements file but is not in the repository`, {
      path,
    })
  return new TextDecoder().decode(f.data)
}

type Wheels = PreparedLaunch['wheels']

/** Resolve the commit's environment and, unless it needs a hub, download its wheels. */
async function resolveAndStore(
  envId: string,
  envSpec: Awaited<ReturnType<typeof readEnvSpec>>,
  files: RepoFile[],
  io: PrepareIo,
  wheels: Wheels,
  rFiles: RPackageFile[],
  pyFiles: PyodideFile[],
): Promise<EnvRecord> {
  const uses = repoImports(files)
  // Index answers of this resolve; a wheel read for its metadata is reused by its download.
  const cache = new Map<string, Promise<unknown>>()
  const lock =
    envSpec.requirements.length === 0 && uses.size === 0 ? undefined : await inPhase('resolving', io, () => io.lock())
  const { resolved, added } =
    lock === undefined
      ? { resolved: { packages: [], drift: [], problems: [] }, added: [] }
      : await inPhase(
          'resolving',
          io,
          async () => resolveWithImports(envSpec, uses, lock, { ...io, cache }),
          `${envSpec.requirements.length} requirements`,
        )
  const rRequests = envSpec.r?.packages ?? []
  const r =
    rRequests.length === 0
      ? undefined
      : await inPhase(
          'resolving',
          io,
          () =>
            resolveREnv(rRequests, {
              fetcher: io.index,
              repoUrl: io.rRepoUrl ?? WEBR_REPO_URL,
              rVersion: WEBR_R_VERSION,
            }),
          `${rRequests.length} R package${rRequests.length === 1 ? '' : 's'}`,
        )
  // An extra index that did not answer is this launch's warning (pip's too), beside the files' reasons.
  envSpec.reasons.push(...unreachableReasons(resolved, envSpec.options))
  const records: EnvRecord['wheels'] = []
  const verdict = envVerdict(
    [...envSpec.reasons, ...rEnvReasons(r, io.isStrict === true)],
    resolved.drift,
    resolved.problems,
    io.isStrict === true,
    added,
  )
  io.onResolved?.({
    verdict,
    packages: launchPackages([...resolved.packages, ...rListed(r).packages], [...resolved.drift, ...rListed(r).drift]),
  })
  const isHub = verdict.kind === 'hub'
  const toInstall = isHub ? [] : resolved.packages.filter((p) => p.source !== 'pyodide')
  const lockNames = isHub ? [] : resolved.packages.filter((p) => p.source === 'pyodide').map((p) => p.name)
  const needs = lock && io.pyodideFiles ? pyodideFileNeeds(lock, lockNames, io.pyodideFiles.baseUrl) : []
  await inPhase('downloading', io, async () => {
    // Pyodide's packages first: a blocked package host fails the launch before any other download.
    const count = toInstall.length + needs.length
    pyFiles.push(...(await downloadPyodideFiles(needs, io, count)))
    let bytes = pyFiles.reduce((n, f) => n + f.data.byteLength, 0)
    for (const [j, pkg] of toInstall.entries()) {
      const i = needs.length + j
      io.onProgress({
        phase: 'downloading',
        detail: `${pkg.name} ${pkg.version}`,
        loaded: i,
        total: count,
        bytes: bytes || undefined,
      })
      const file = (loaded: number, total?: number) =>
        io.onProgress({
          phase: 'downloading',
          detail: `${pkg.name} ${pkg.version}`,
          loaded: i,
          total: count,
          bytes: bytes + loaded || undefined,
          file: { name: pkg.name, loaded, total },
        })
      const rec = await wheelBytes(pkg, files, { ...io, cache }, file)
      bytes += rec.bytes.byteLength
      io.onProgress({
        phase: 'downloading',
        detail: `${pkg.name} ${pkg.version}`,
        loaded: i + 1,
        total: count,
        bytes,
      })
      wheels.push({ filename: rec.filename, data: rec.bytes })
      records.push({ filename: rec.filename, sha256: rec.sha256, path: pkg.source === 'repo' ? pkg.path : undefined })
    }
  })
  if (r && !isHub) {
    rFiles.push(
      ...(await inPhase('downloading', io, () =>
        downloadRPackages(r, {
          fetcher: io.index,
          cache: {
            get: (sha) => io.wheels.get(sha),
            put: (rec) => io.wheels.put(rec),
            knownSha: async (p) => (io.envs.all ? knownRSha(await io.envs.all(), p) : undefined),
          },
          onEach: (i, bytes) =>
            io.onProgress({
              phase: 'downloading',
              detail: r.packages[i] ? `R ${r.packages[i].name} ${r.packages[i].version}` : undefined,
              loaded: i,
              total: r.packages.length,
              bytes: bytes || undefined,
            }),
        }),
      )),
    )
  }
  const env: EnvRecord = {
    id: envId,
    packages: resolved.packages.map((p) => ({
      name: p.name,
      version: p.version,
      source: p.source,
      filename: p.filename,
      sha256: p.sha256,
      ...(p.extraIndex ? { extraIndex: p.extraIndex } : {}),
    })),
    pyodidePackages: resolved.packages.filter((p) => p.source === 'pyodide').map((p) => p.name),
    wheels: records,
    resolvedAt: Date.now(),
    drift: resolved.drift,
    problems: resolved.problems,
    addedImports: added,
    ...(resolved.unreachable?.length ? { unreachable: resolved.unreachable } : {}),
    lock: lock && toLockFile(resolved.packages, lock.info, PYODIDE_VERSION, lock.packages),
    ...(r ? { r } : {}),
  }
  // A hub verdict stores no wheels; strict mode must not keep an env a later non-strict launch would lack wheels for.
  if (!isHub) await io.envs.put(env)
  return env
}

/** Pyodide's lock packages for the download phase, counted as the first `needs.length` of `count` items. */
async function downloadPyodideFiles(needs: ReturnType<typeof pyodideFileNeeds>, io: PrepareIo, count: number) {
  let done = 0
  return fetchPyodideFiles(needs, {
    fetchBytes: (url, onProgress, opts) => io.index.fetchBytes(url, onProgress, opts),
    store: io.pyodideFiles?.store,
    onFile: (i, need, loaded, total) =>
      io.onProgress({
        phase: 'downloading',
        detail: `${need.name} (Pyodide)`,
        loaded: i,
        total: count,
        bytes: done + loaded || undefined,
        file: { name: need.name, loaded, total },
      }),
    onDone: (i, need, bytes) => {
      done += bytes
      io.onProgress({
        phase: 'downloading',
        detail: `${need.name} (Pyodide)`,
        loaded: i + 1,
        total: count,
        bytes: done,
      })
    },
  })
}

/** The stored wheels of an environment resolved before (reopening needs no network). */
async function storedWheels(env: EnvRecord, files: RepoFile[], io: PrepareIo, wheels: Wheels): Promise<void> {
  for (const w of env.wheels) {
    const rec = await io.wheels.get(w.sha256)
    const fromRepo =
      rec ??
      (w.path
        ? await wheelBytes({ name: w.filename, version: '', source: 'repo', path: w.path, requestedBy: [] }, files, io)
        : undefined)
    if (!fromRepo)
      throw new PhaseError(
        'downloading',
        new AppError('STORAGE_FAILED', `cached wheel ${w.filename} is missing from storage`, { ...w }),
      )
    wheels.push({ filename: w.filename, data: fromRepo.bytes })
  }
}

/** nbgitpuller's pull (spec.gitPull): the repository's files under its target folder. */
async function pullInto(spec: LaunchSpec, io: PrepareIo) {
  const pull = spec.gitPull
  if (!pull || !io.pull) return undefined
  const got = await inPhase(
    'fetching',
    io,
    () => io.pull!((p) => io.onProgress({ phase: 'fetching', detail: `pulling ${pull.repo}: ${p.phase}` })),
    `pulling ${pull.repo}`,
  )
  try {
    assertSafeRepoPaths(got.files.map((f) => f.path))
  } catch (e) {
    throw new PhaseError('fetching', e)
  }
  const files = got.files.map((f) => ({ path: `${pull.target}/${f.path}`, data: f.data }))
  return { repo: pull.repo, target: pull.target, sha: got.sha, files }
}

/**
 * fetch → read config → resolve → download. A commit's environment is resolved once and stored,
 * so reopening uses the same wheels from IndexedDB and needs no network. Environment files that
 * need a hub (Dockerfile, apt.txt, …) stop before resolving: there is nothing to install.
 */
export async function prepareLaunch(spec: LaunchSpec, io: PrepareIo): Promise<PreparedLaunch> {
  const snap = await inPhase('fetching', io, () =>
    io.openRepo((p) =>
      io.onProgress({
        phase: 'fetching',
        detail: p.phase,
        // git counts objects with a total; the demo copy counts bytes without one.
        loaded: p.total ? p.loaded : undefined,
        total: p.total,
        bytes: p.bytes ?? (p.total ? undefined : p.loaded || undefined),
      }),
    ),
  )
  try {
    assertSafeRepoPaths(snap.files.map((f) => f.path))
  } catch (e) {
    throw new PhaseError('fetching', e)
  }
  const envSpec = await inPhase('reading-config', io, () =>
    readEnvSpec(findEnvFiles(snap.files.map((f) => f.path)), async (p) => fileText(snap.files, p)),
  )
  const envId = `${spec.key}@${snap.sha}`
  const wheels: Wheels = []
  const rFiles: RPackageFile[] = []
  const pyFiles: PyodideFile[] = []
  const stored = await io.envs.get(envId)
  const isFilesHub = verdictOf(envSpec.reasons).kind === 'hub'
  let env: EnvRecord
  if (isFilesHub) env = { id: envId, packages: [], pyodidePackages: [], wheels: [], resolvedAt: Date.now() }
  else if (stored) {
    env = stored
    // The stored environment still lacks what the silent index had: say so again.
    envSpec.reasons.push(...unreachableReasons(stored, envSpec.options))
  } else env = await resolveAndStore(envId, envSpec, snap.files, io, wheels, rFiles, pyFiles)
  const verdict = envVerdict(
    [...envSpec.reasons, ...rEnvReasons(env.r, io.isStrict === true)],
    env.drift ?? [],
    env.problems ?? [],
    io.isStrict === true,
    env.addedImports ?? [],
  )
  const packages = launchPackages(
    [...env.packages, ...rListed(env.r).packages],
    [...(env.drift ?? []), ...rListed(env.r).drift],
  )
  // A fresh resolve reported itself before downloading; a stored or hub-only one reports here.
  if (stored || isFilesHub) io.onResolved?.({ verdict, packages })
  if (stored && !isFilesHub && verdict.kind !== 'hub') {
    // Kept in the package cache by the first launch: read back (or fetched again if evicted) now, not in a cell.
    const { pyodideFiles } = io
    if (pyodideFiles && stored.pyodidePackages.length > 0) {
      const lock = await inPhase('downloading', io, () => io.lock())
      const needs = pyodideFileNeeds(lock, stored.pyodidePackages, pyodideFiles.baseUrl)
      pyFiles.push(...(await inPhase('downloading', io, () => downloadPyodideFiles(needs, io, needs.length))))
    }
    await storedWheels(stored, snap.files, io, wheels)
  }
  const storedR = stored?.r
  if (storedR && !isFilesHub && verdict.kind !== 'hub')
    rFiles.push(...(await inPhase('downloading', io, () => storedRPackages(storedR, io.wheels))))
  const pulled = await pullInto(spec, io)
  io.onProgress({ phase: 'ready' })
  return {
    spec,
    sha: snap.sha,
    // The pulled repository sits in its folder beside the launched one's files; its environment files are not read.
    files: pulled
      ? [...snap.files.filter((f) => !f.path.startsWith(`${pulled.target}/`)), ...pulled.files]
      : snap.files,
    links: snap.links,
    notebooks: findNotebooks(pulled ? [...snap.files, ...pulled.files] : snap.files),
    ...(pulled ? { pulled: { repo: pulled.repo, target: pulled.target, sha: pulled.sha } } : {}),
    wheels,
    pyodidePackages: verdict.kind === 'hub' ? [] : env.pyodidePackages,
    pyodideFiles: pyFiles,
    packages,
    rPackages: rFiles,
    verdict,
    envKind: envSpec.kind,
    lock: env.lock,
    isRepoFromCache: snap.isFromCache,
    isEnvFromCache: stored !== undefined,
  }
}
