import { isFullSha, type LaunchSpec } from '../launch'
import { AppError, serializeError } from '../shared/errors'
import { isBranchSnapshot } from './branchSnapshot'
import { fetchDemo } from './fetchDemo'
import { splitLfsPointers } from './lfs'
import { classifyLinks, filesLikeLinks } from './links'
import { readTree } from './readTree'
import { keepsLinks } from './routes'
import { missingSubmodules } from './submodules'
import type { RemoteRef } from './remoteRef'
import type { RepoSource } from './source'
import type { FetchProgress, RepoFs, RepoGaps, RepoSnapshot } from './types'
import { diffFiles, type UpstreamCheck } from './upstream'

/** What a launch link's ref last resolved to (one per provider + repository + ref). */
export interface RepoRecord extends RepoGaps {
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
  /** Which route served the files (RepoSource.route), for the header. */
  route?: string
  /** The ref's commit came from a reused lookup made then (src/repo/refCache.ts): the header says how old. */
  refAskedAt?: number
  /** That lookup was reused past its time because GitHub refused a new one: the ref may have moved since. */
  isRefPastTtl?: boolean
  /** GitHub refused the lookup and a cache answered (jsDelivr's branch cache): the commit may lag the ref this much. */
  refLagSeconds?: number
  /** That cache named no commit (`sha` is a branch copy's id): the time its files carry, the commit's (ms). */
  refFilesAt?: number
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
  /** The route that downloaded it (RepoSource.route); one keeping no links gets its link-like files named. */
  route?: string
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

/** Stored commits are keyed per provider + repository + commit SHA. */
const commitIdOf = (spec: LaunchSpec) => (sha: string) => `${spec.provider}:${spec.repo}@${sha}`

type StoredCommit = NonNullable<Awaited<ReturnType<typeof readCommit>>>

/**
 * A stored commit's files, links and gaps, or undefined when its folder is gone (evicted, never
 * written). Any other failure to read it back is the browser's storage failing, and says where.
 */
async function readCommit(io: Pick<OpenRepoIo, 'fs' | 'onProgress'>, c: CommitRecord | undefined, isFresh = false) {
  if (!c) return undefined
  io.onProgress?.({ phase: 'reading', loaded: 0 })
  try {
    await io.fs.promises.readdir(c.dir)
  } catch {
    return undefined
  }
  const tree = await readTree(io.fs, c.dir).catch((e: unknown) => {
    throw new AppError('STORAGE_FAILED', `cannot read ${c.dir} back: ${e instanceof Error ? e.message : String(e)}`, {
      dir: c.dir,
    })
  })
  // A stored copy with nothing in it is taken for a lost one; a fresh download may be an empty repository.
  if (!isFresh && tree.files.length === 0 && tree.links.length === 0) return undefined
  const { files, lfsPointers } = splitLfsPointers(tree.files)
  const { inside, broken } = classifyLinks(tree.files, tree.links)
  const gaps: Required<RepoGaps> = {
    lfsPointers,
    brokenLinks: broken,
    missingSubmodules: missingSubmodules(tree.files, tree.links),
    linksAsFiles: keepsLinks(c.route) ? [] : filesLikeLinks(files).map((l) => `${l.path} → ${l.target}`),
  }
  return { commit: c, files, links: inside, ...gaps }
}

/**
 * Returns the repository's files at the commit the link names. A full SHA is immutable, so a
 * stored copy opens with no network at all. A branch, tag or HEAD opened before opens its stored
 * commit at once too, with no network, marked `isRefUnchecked`: where the ref points now is asked
 * afterwards by `checkUpstream`, so a reopen is as fast online as offline. A ref never opened costs
 * one lookup; its commit is then cloned, flushed and recorded.
 */
export async function openRepo(spec: LaunchSpec, io: OpenRepoIo): Promise<RepoSnapshot> {
  const now = Date.now()
  const idOf = commitIdOf(spec)
  const known = await io.records.get(spec.key)
  // Where the ref pointed, when that answer was a reused one (set by a lookup below).
  let reused: Pick<RepoRecord, 'refAskedAt' | 'isRefPastTtl' | 'refLagSeconds' | 'refFilesAt'> = {}
  const finish = async (
    c: CommitRecord,
    got: StoredCommit,
    flags: { isFromCache: boolean; isRefUnchecked?: boolean },
  ) => {
    // isStale is left unset: only a lookup that fails (checkUpstream) says the copy may be old.
    await io.records.put({
      key: spec.key,
      url: io.source.url,
      ref: spec.ref,
      sha: c.sha,
      dir: c.dir,
      fetchedAt: c.fetchedAt,
      openedAt: now,
      lfsPointers: got.lfsPointers,
      brokenLinks: got.brokenLinks,
      missingSubmodules: got.missingSubmodules,
      linksAsFiles: got.linksAsFiles,
      route: flags.isFromCache ? known?.route : io.source.route,
      ...reused,
      spec,
      declinedSha: known?.declinedSha,
    })
    const { commit: _, ...snap } = got
    return { sha: c.sha, ...snap, fetchedAt: c.fetchedAt, ...flags }
  }
  const knownCommit = known && {
    id: idOf(known.sha),
    sha: known.sha,
    dir: known.dir,
    fetchedAt: known.fetchedAt,
    route: known.route,
  }

  if (spec.provider === 'demo') {
    // The demo ships with the site: its copy never goes stale, so no lookup.
    const got = await readCommit(io, knownCommit)
    if (knownCommit && got) return finish(knownCommit, got, { isFromCache: true })
    const dir = dirFor(spec.key)
    const sha = await fetchDemo({
      fs: io.fs,
      dir,
      baseUrl: `${io.demoBaseUrl}/${spec.repo}`,
      onProgress: io.onProgress,
    })
    return store({ id: idOf(sha), sha, dir, fetchedAt: now }, false)
  }

  let target: RemoteRef
  if (isFullSha(spec.ref)) {
    const c = await io.commits.get(idOf(spec.ref))
    const got = await readCommit(io, c)
    if (c && got) return finish(c, got, { isFromCache: true })
    target = { kind: 'sha', prefix: spec.ref }
  } else {
    const stored = await readCommit(io, knownCommit)
    if (knownCommit && stored) return finish(knownCommit, stored, { isFromCache: true, isRefUnchecked: true })
    // Nothing stored to fall back on: a failed lookup is the launch's error.
    io.onProgress?.({ phase: 'connecting', loaded: 0 })
    target = await io.source.lookup(spec.ref)
    if (target.kind === 'ref' && target.askedAt !== undefined)
      reused = { refAskedAt: target.askedAt, isRefPastTtl: target.isPastTtl }
    if (target.kind === 'ref' && target.lagSeconds !== undefined)
      reused = { refLagSeconds: target.lagSeconds, refFilesAt: target.filesAt }
    const c = target.kind === 'ref' ? await io.commits.get(idOf(target.sha)) : undefined
    const got = await readCommit(io, c)
    if (c && got) return finish(c, got, { isFromCache: true })
  }

  const dir = dirFor(idOf(target.kind === 'ref' ? target.sha : target.prefix))
  const sha = await io.source.download(dir, target, io.onProgress)
  return store({ id: idOf(sha), sha, dir, fetchedAt: now, route: io.source.route }, true)

  async function store(c: CommitRecord, isClone: boolean): Promise<RepoSnapshot> {
    // LightningFS writes lazily; flush before recording so a crash cannot leave a record without files.
    await io.fs.promises.flush?.()
    await io.commits.put(c)
    io.onProgress?.({ phase: 'reading', loaded: 0 })
    const got = await readCommit(io, c, true)
    if (!got)
      throw new AppError('STORAGE_FAILED', `${isClone ? 'clone' : 'copy'} of ${spec.key} left no folder ${c.dir}`, {
        dir: c.dir,
      })
    return finish(c, got, { isFromCache: false })
  }
}

/** Offline, or GitHub's API limit reached: the stored copy may be old, and the header says so. */
const isUnreachable = (e: unknown) =>
  e instanceof AppError && (e.code === 'REPO_UNREACHABLE' || e.code === 'GITHUB_RATE_LIMITED')

/**
 * After a ref's stored commit opened (`isRefUnchecked`), in the background: one lookup of where
 * the ref points now and, only when it moved to a commit the user has not chosen to keep, the new
 * commit downloaded beside the stored one (once: a stored copy of it is reused) and compared.
 * Resolves, never rejects: an offline or failed check is `unknown` (and an unreachable server
 * marks the record stale), since the open notebook does not depend on it.
 */
export function checkUpstream(
  spec: LaunchSpec,
  opened: Pick<RepoSnapshot, 'sha' | 'files'>,
  io: Omit<OpenRepoIo, 'onProgress'>,
): Promise<UpstreamCheck> {
  return check(spec, opened, io).catch((e: unknown) => ({ kind: 'unknown', error: serializeError(e) }))
}

async function check(
  spec: LaunchSpec,
  opened: Pick<RepoSnapshot, 'sha' | 'files'>,
  io: Omit<OpenRepoIo, 'onProgress'>,
): Promise<UpstreamCheck> {
  const idOf = commitIdOf(spec)
  const known = await io.records.get(spec.key)
  let target: RemoteRef
  try {
    // Fresh, past the shared lookup cache: the user reloaded to see whether the ref moved.
    target = await (io.source.lookupFresh ?? io.source.lookup).call(io.source, spec.ref)
  } catch (e) {
    if (known?.sha === opened.sha && isUnreachable(e)) await io.records.put({ ...known, isStale: true })
    return { kind: 'unknown', error: serializeError(e) }
  }
  if (target.kind !== 'ref' || target.sha === opened.sha) return { kind: 'current' }
  if (known?.declinedSha === target.sha) return { kind: 'kept', sha: target.sha }
  const sha = target.sha
  // Downloaded once: until the user chooses, later launches reuse the stored copy.
  let c = await io.commits.get(idOf(sha))
  let next = await readCommit(io, c)
  if (!c || !next) {
    const dir = dirFor(idOf(sha))
    const downloaded = await io.source.download(dir, target)
    c = { id: idOf(sha), sha: downloaded, dir, fetchedAt: Date.now(), route: io.source.route }
    // Flushed before it is recorded, so a crash cannot leave a record without files.
    await io.fs.promises.flush?.()
    await io.commits.put(c)
    next = await readCommit(io, c, true)
    if (!next) throw new AppError('STORAGE_FAILED', `clone of ${spec.key} at ${sha} left no folder ${dir}`, { dir })
  }
  const changed = diffFiles(opened.files, next.files)
  // A branch copy whose commit was unknown, now named: the same files are that commit, and the record says so.
  if (isBranchSnapshot(opened.sha) && changed.length === 0) {
    if (known?.sha === opened.sha) {
      const { refLagSeconds: _l, refFilesAt: _f, ...rest } = known
      // The route and gaps are the named commit's now (a class pack's copy keeps links jsDelivr's gave as files).
      const { lfsPointers, brokenLinks, missingSubmodules, linksAsFiles } = next
      const gaps = { lfsPointers, brokenLinks, missingSubmodules, linksAsFiles }
      await io.records.put({ ...rest, sha, dir: c.dir, fetchedAt: c.fetchedAt, route: c.route ?? rest.route, ...gaps })
    }
    return { kind: 'current' }
  }
  return { kind: 'moved', change: { sha, dir: c.dir, fetchedAt: c.fetchedAt, changed } }
}
