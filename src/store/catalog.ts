import type { LaunchSpec } from '../launch'
import type { CommitRecord, RepoRecord } from '../repo'
import type { EditRecord, EnvRecord, SnapshotRecord } from './db'

/** Everything Quire keeps, as plain records (sizes instead of bytes), for planning without I/O. */
export interface StoredState {
  repos: RepoRecord[]
  commits: CommitRecord[]
  envs: Array<Pick<EnvRecord, 'id' | 'wheels' | 'pyodidePackages' | 'r'>>
  wheels: Array<{ sha256: string; size: number }>
  snapshots: Array<Pick<SnapshotRecord, 'key' | 'envIds'> & { size: number }>
  /** `isUserEdit`: not a folder marker nor a metadata-only notebook save (src/store/editCount.ts). */
  edits: Array<Pick<EditRecord, 'id' | 'repoKey' | 'path'> & { size: number; isUserEdit: boolean }>
  /** Bytes of each commit folder (LightningFS `du`), by folder. */
  dirBytes: Record<string, number>
}

/** The `wheels`-store keys an environment uses: its wheels and its R package binaries. */
function blobShas(e: StoredState['envs'][number]): string[] {
  return [...e.wheels.map((w) => w.sha256), ...(e.r?.packages ?? []).flatMap((p) => (p.sha256 ? [p.sha256] : []))]
}

/** What to delete: record keys per store, and commit folders to remove from LightningFS. */
export interface RemovalPlan {
  repos: string[]
  commits: string[]
  dirs: string[]
  envs: string[]
  wheels: string[]
  snapshots: string[]
  edits: string[]
}

/** The part before the last `@`: the repository key (`provider:repo@ref`) of an environment id
 *  (`${key}@${sha}`), or the repository (`provider:repo`) of a repository key or commit id. */
export function envRepoKey(envId: string): string {
  return envId.slice(0, envId.lastIndexOf('@'))
}

/**
 * What removing the caches of `keys` deletes. Shared things stay while anything left uses them:
 * a commit folder another ref of the same repository points to, a wheel (shared by sha256)
 * another environment lists, a snapshot another environment uses. Wheels no environment lists
 * (one being downloaded right now) are left alone, and so are those in `keepBlobs` (a launch in
 * progress reuses them). Edits go only when `withEdits` says so.
 */
export function planRemoval(
  s: StoredState,
  keys: Iterable<string>,
  withEdits: boolean,
  keepBlobs: ReadonlySet<string> = new Set(),
): RemovalPlan {
  const gone = new Set(keys)
  const repos = s.repos.filter((r) => gone.has(r.key))
  const keptRepos = s.repos.filter((r) => !gone.has(r.key))
  const keptDirs = new Set(keptRepos.map((r) => r.dir))
  // Commits of a repository no kept ref points to (an upstream commit fetched but not taken) go with its last ref.
  const keptRepoIds = new Set(keptRepos.map((r) => envRepoKey(r.key)))
  const goneRepoIds = new Set(repos.map((r) => envRepoKey(r.key)).filter((id) => !keptRepoIds.has(id)))
  const orphanDirs = s.commits.filter((c) => goneRepoIds.has(envRepoKey(c.id))).map((c) => c.dir)
  const goneDirs = new Set([...repos.map((r) => r.dir), ...orphanDirs].filter((d) => !keptDirs.has(d)))
  const envs = s.envs.filter((e) => gone.has(envRepoKey(e.id)))
  const goneEnvs = new Set(envs.map((e) => e.id))
  const keptWheels = new Set([...s.envs.filter((e) => !goneEnvs.has(e.id)).flatMap(blobShas), ...keepBlobs])
  const wheels = new Set(envs.flatMap(blobShas).filter((w) => !keptWheels.has(w)))
  const snapshots = s.snapshots.filter(
    (x) => x.envIds !== undefined && x.envIds.length > 0 && x.envIds.every((id) => goneEnvs.has(id)),
  )
  return {
    repos: repos.map((r) => r.key),
    commits: s.commits.filter((c) => goneDirs.has(c.dir)).map((c) => c.id),
    dirs: [...goneDirs],
    envs: [...goneEnvs],
    wheels: [...wheels],
    snapshots: snapshots.map((x) => x.key),
    edits: withEdits ? s.edits.filter((e) => gone.has(e.repoKey)).map((e) => e.id) : [],
  }
}

/**
 * Keys of the baseline snapshots (src/snapshot/chooseBoot.ts: `baseline@${pyodideVersion}@${coreUrl}`): the
 * interpreter alone, serving every repository, so no repository row counts it.
 */
export const BASELINE_PREFIX = 'baseline@'

export interface BaselineEntry {
  key: string
  pyodideVersion: string
  /** The Pyodide core folder it was made from. */
  coreUrl: string
  size: number
}

/** The stored baseline snapshots, for the storage page and eviction. */
export function baselinesOf(s: StoredState): BaselineEntry[] {
  return s.snapshots.flatMap(({ key, size }) => {
    if (!key.startsWith(BASELINE_PREFIX)) return []
    const rest = key.slice(BASELINE_PREFIX.length)
    const at = rest.indexOf('@')
    return [{ key, size, pyodideVersion: rest.slice(0, at), coreUrl: rest.slice(at + 1) }]
  })
}

/**
 * What eviction drops next: the least recently opened repository not in `protect`; when none is left, a
 * baseline snapshot (one full boot makes it again, and every repository's first visit loses it, so it goes last).
 */
export function nextEviction(
  s: StoredState,
  protect: ReadonlySet<string>,
): { kind: 'repo' | 'baseline'; key: string } | undefined {
  const repo = lruOrder(s, protect)[0]
  if (repo !== undefined) return { kind: 'repo', key: repo }
  const baseline = baselinesOf(s)[0]
  return baseline && { kind: 'baseline', key: baseline.key }
}

/** Repository caches from least to most recently opened, leaving out `protect`. */
export function lruOrder(s: StoredState, protect: ReadonlySet<string>): string[] {
  return s.repos
    .filter((r) => !protect.has(r.key))
    .sort((a, b) => a.openedAt - b.openedAt)
    .map((r) => r.key)
}

export interface CacheEntry {
  key: string
  url: string
  ref: string
  sha: string
  openedAt?: number
  /** The link that opened it (records written before it was kept lack it). */
  spec?: LaunchSpec
  /** Bytes per kind; wheels shared with another repository count in each. */
  bytes: { files: number; wheels: number; snapshot: number; edits: number }
  wheelCount: number
  sharedWheels: number
  snapshotCount: number
  /** Edits the user made; folder markers and metadata-only saves are stored (their bytes count) but not counted. */
  editCount: number
  /** Environment of the current commit stored with all of its wheels (a reopen needs no resolver). */
  hasEnv: boolean
  /** Packages of the current environment that Pyodide loads from its own repository. */
  pyodidePackages: string[]
}

/** One row per repository (and one per set of edits whose cache is already gone), most recent first. */
export function catalogOf(s: StoredState): CacheEntry[] {
  const wheelSize = new Map(s.wheels.map((w) => [w.sha256, w.size]))
  const usersOfWheel = new Map<string, Set<string>>()
  for (const e of s.envs)
    for (const sha of blobShas(e)) usersOfWheel.set(sha, (usersOfWheel.get(sha) ?? new Set()).add(envRepoKey(e.id)))
  const row = (key: string, r?: RepoRecord): CacheEntry => {
    const envs = s.envs.filter((e) => envRepoKey(e.id) === key)
    const envIds = new Set(envs.map((e) => e.id))
    const wheelShas = new Set(envs.flatMap(blobShas))
    const snaps = s.snapshots.filter((x) => x.envIds?.some((id) => envIds.has(id)))
    const edits = s.edits.filter((e) => e.repoKey === key)
    const current = r && s.envs.find((e) => e.id === `${key}@${r.sha}`)
    return {
      key,
      url: r?.url ?? key,
      ref: r?.ref ?? '',
      sha: r?.sha ?? '',
      openedAt: r?.openedAt,
      spec: r?.spec,
      bytes: {
        files: r ? (s.dirBytes[r.dir] ?? 0) : 0,
        wheels: [...wheelShas].reduce((n, w) => n + (wheelSize.get(w) ?? 0), 0),
        snapshot: snaps.reduce((n, x) => n + x.size, 0),
        edits: edits.reduce((n, e) => n + e.size, 0),
      },
      wheelCount: wheelShas.size,
      sharedWheels: [...wheelShas].filter((w) => (usersOfWheel.get(w)?.size ?? 0) > 1).length,
      snapshotCount: snaps.length,
      editCount: edits.filter((e) => e.isUserEdit).length,
      hasEnv: current !== undefined && blobShas(current).every((sha) => wheelSize.has(sha)),
      pyodidePackages: current?.pyodidePackages ?? [],
    }
  }
  const rows = s.repos.map((r) => row(r.key, r)).sort((a, b) => (b.openedAt ?? 0) - (a.openedAt ?? 0))
  const orphanKeys = [...new Set(s.edits.map((e) => e.repoKey))].filter((k) => !s.repos.some((r) => r.key === k))
  return [...rows, ...orphanKeys.map((k) => row(k))]
}
