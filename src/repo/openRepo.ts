import { isFullSha, type LaunchSpec } from '../launch'
import { AppError } from '../shared/errors'
import { fetchDemo } from './fetchDemo'
import { splitLfsPointers } from './lfs'
import { readTree } from './readTree'
import type { RemoteRef } from './remoteRef'
import type { RepoSource } from './source'
import type { FetchProgress, RepoFs, RepoSnapshot } from './types'
import { diffFiles } from './upstream'

/** What a launch link's ref last resolved to (one per provider + repository + ref). */
export interface RepoRecord {
  key: string
  url: string
  ref: string
  sha: string
  dir: string
  /** When this commit was downloaded. */
  fetchedAt: number
  openedAt: number
  /** The last open could not reach the server and showed this (possibly old) commit. */
  isStale?: boolean
  lfsPointers?: string[]
  // Optional, so records written before it existed still read.
  /** The link that opened it, so the storage page can fetch it again ("make available offline"). */
  spec?: LaunchSpec
  /** The user chose to keep working on `sha` when the ref had moved to this commit: not asked again for it. */
  declinedSha?: string
}

/** One downloaded commit (per provider + repository + commit SHA); written only once complete. */
export interface CommitRecord {
  id: string
  sha: string
  dir: string
  fetchedAt: number
}

export interface RepoRecords {
  get(key: string): Promise<RepoRecord | undefined>
  put(rec: RepoRecord): Promise<void>
}

export interface CommitRecords {
  get(id: string): Promise<CommitRecord | undefined>
  put(rec: CommitRecord): Promise<void>
}

export interface OpenRepoIo {
  fs: RepoFs & { promises: { flush?: () => Promise<void> } }
  records: RepoRecords
  commits: CommitRecords
  /** How this repository is fetched: git (direct or through a CORS proxy) or GitHub's REST API. */
  source: RepoSource
  /** Absolute URL of the folder holding the built-in demos. */
  demoBaseUrl: string
  onProgress?: (p: FetchProgress) => void
}

/** FNV-1a: a short stable folder name for a storage key (not security relevant). */
export function dirFor(key: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return `/repos/${(h >>> 0).toString(16).padStart(8, '0')}`
}

async function readCommit(io: OpenRepoIo, c: CommitRecord | undefined) {
  if (!c) return undefined
  io.onProgress?.({ phase: 'reading', loaded: 0 })
  const files = await readTree(io.fs, c.dir).catch(() => [])
  return files.length > 0 ? { commit: c, ...splitLfsPointers(files) } : undefined
}

/**
 * Returns the repository's files at the commit the link names. A full SHA is immutable, so a
 * stored copy opens with no network at all. A branch, tag or HEAD costs one ref lookup: if the
 * commit it points to is stored, that copy opens; if the server cannot be reached, the last commit
 * fetched for this ref opens, marked stale. Otherwise the commit is cloned, flushed, then recorded.
 */
export async function openRepo(spec: LaunchSpec, io: OpenRepoIo): Promise<RepoSnapshot> {
  const now = Date.now()
  const repoId = `${spec.provider}:${spec.repo}`
  const idOf = (sha: string) => `${repoId}@${sha}`
  const known = await io.records.get(spec.key)
  const finish = async (c: CommitRecord, got: NonNullable<Awaited<ReturnType<typeof readCommit>>>, flags: { isFromCache: boolean; isStale?: boolean }) => {
    await io.records.put({ key: spec.key, url: io.source.url, ref: spec.ref, sha: c.sha, dir: c.dir, fetchedAt: c.fetchedAt, openedAt: now, isStale: flags.isStale, lfsPointers: got.lfsPointers, spec, declinedSha: known?.declinedSha })
    return { sha: c.sha, files: got.files, lfsPointers: got.lfsPointers, fetchedAt: c.fetchedAt, ...flags }
  }
  const knownCommit = known && { id: idOf(known.sha), sha: known.sha, dir: known.dir, fetchedAt: known.fetchedAt }

  if (spec.provider === 'demo') {
    // The demo ships with the site: its copy never goes stale, so no lookup.
    const got = await readCommit(io, knownCommit)
    if (knownCommit && got) return finish(knownCommit, got, { isFromCache: true })
    const dir = dirFor(spec.key)
    const sha = await fetchDemo({ fs: io.fs, dir, baseUrl: `${io.demoBaseUrl}/${spec.repo}`, onProgress: io.onProgress })
    return store({ id: idOf(sha), sha, dir, fetchedAt: now }, false)
  }

  let target: RemoteRef
  if (isFullSha(spec.ref)) {
    const c = await io.commits.get(idOf(spec.ref))
    const got = await readCommit(io, c)
    if (c && got) return finish(c, got, { isFromCache: true })
    target = { kind: 'sha', prefix: spec.ref }
  } else {
    io.onProgress?.({ phase: 'connecting', loaded: 0 })
    try {
      target = await io.source.lookup(spec.ref)
    } catch (e) {
      const got = await readCommit(io, knownCommit)
      // Offline, or GitHub's API limit reached: the last commit fetched for this ref still opens.
      const canUseCache = e instanceof AppError && (e.code === 'REPO_UNREACHABLE' || e.code === 'GITHUB_RATE_LIMITED')
      if (knownCommit && got && canUseCache) return finish(knownCommit, got, { isFromCache: true, isStale: true })
      throw e
    }
    const sha = target.kind === 'ref' ? target.sha : knownCommit?.sha.startsWith(target.prefix) ? knownCommit.sha : undefined
    // The ref moved on since it was last opened: the stored commit (and the user's work on it)
    // opens as before, and the new commit is fetched beside it so the user can choose to update.
    if (target.kind === 'ref' && knownCommit && sha !== knownCommit.sha) {
      const old = await readCommit(io, knownCommit)
      if (old && known?.declinedSha === target.sha) return finish(knownCommit, old, { isFromCache: true })
      if (old) {
        // The offer is extra: if the new commit cannot be fetched now, the stored one still opens.
        const next = await commitFor(target).catch(() => undefined)
        const opened = await finish(knownCommit, old, { isFromCache: true })
        if (!next) return opened
        return { ...opened, upstream: { sha: next.commit.sha, dir: next.commit.dir, fetchedAt: next.commit.fetchedAt, changed: diffFiles(old.files, next.files) } }
      }
    }
    const c = sha ? ((await io.commits.get(idOf(sha))) ?? (knownCommit?.sha === sha ? knownCommit : undefined)) : undefined
    const got = await readCommit(io, c)
    if (c && got) return finish(c, got, { isFromCache: true })
  }

  const dir = dirFor(idOf(target.kind === 'ref' ? target.sha : target.prefix))
  const sha = await io.source.download(dir, target, io.onProgress)
  return store({ id: idOf(sha), sha, dir, fetchedAt: now }, true)

  /** The stored copy of a commit, downloaded and recorded (without moving the ref) when missing. */
  async function commitFor(ref: Extract<RemoteRef, { kind: 'ref' }>) {
    const sha = ref.sha
    const c = await io.commits.get(idOf(sha))
    const got = await readCommit(io, c)
    if (c && got) return got
    const dir = dirFor(idOf(sha))
    const fetched: CommitRecord = { id: idOf(sha), sha: await io.source.download(dir, ref, io.onProgress), dir, fetchedAt: now }
    await io.fs.promises.flush?.()
    await io.commits.put(fetched)
    const stored = await readCommit(io, fetched)
    if (!stored) throw new AppError('STORAGE_FAILED', `clone of ${spec.key} at ${sha} left no files in ${dir}`, { dir })
    return stored
  }

  async function store(c: CommitRecord, isClone: boolean): Promise<RepoSnapshot> {
    // LightningFS writes lazily; flush before recording so a crash cannot leave a record without files.
    await io.fs.promises.flush?.()
    await io.commits.put(c)
    io.onProgress?.({ phase: 'reading', loaded: 0 })
    const got = await readCommit(io, c)
    if (!got) throw new AppError('STORAGE_FAILED', `${isClone ? 'clone' : 'copy'} of ${spec.key} left no files in ${c.dir}`, { dir: c.dir })
    return finish(c, got, { isFromCache: false })
  }
}
