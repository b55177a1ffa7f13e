import git, { type HttpClient } from 'isomorphic-git'
import { CommitNotFoundError, RepoTooLargeError } from './errors'
import { withRetry, type RetryOptions } from '../shared/retry'
import { toAppError } from './gitErrors'
import { idleHttp, IDLE_TIMEOUT_MS } from './idleHttp'
import { meteredHttp } from './meteredHttp'
import { mkdirp, removeTree } from './readTree'
import type { RemoteRef } from './remoteRef'
import { repoVerdict } from './repoRetry'
import type { FetchProgress, RepoFs } from './types'

export interface CloneOptions {
  fs: RepoFs
  http: HttpClient
  dir: string
  url: string
  /** What to check out, as `lookupRef` found it on the server. */
  target: RemoteRef
  corsProxy?: string
  /** Bytes the server may send before the clone is stopped (REPO_TOO_LARGE). */
  maxBytes: number
  onProgress?: (p: FetchProgress) => void
  /** Silence (no answer, no bytes) after which a request is given up; default 30 s. */
  idleTimeoutMs?: number
  /** Tries, waits and `onRetry` for transient failures (src/shared/retry.ts; three tries by default). */
  retry?: RetryOptions
}

// History depths tried, in turn, to find a commit that is not a branch tip. Deepening re-asks the
// server for more history each time; past the last step the commit is reported as not found.
export const SHA_DEPTHS = [1, 50, 250, 1000]

/**
 * Shallow clone (depth 1, one branch, no tags) into `dir`, replacing whatever was there; for a
 * commit SHA that is no branch tip, the default branch is deepened until the commit is found.
 * Returns the checked-out commit SHA. On any failure `dir` is removed: no half-written repository.
 * A transient failure (connection cut, stalled server, 5xx, 429) is retried from scratch with backoff.
 */
export function cloneRepo(o: CloneOptions): Promise<string> {
  return withRetry(() => cloneOnce(o), repoVerdict, o.retry)
}

async function cloneOnce(o: CloneOptions): Promise<string> {
  await removeTree(o.fs, o.dir)
  await mkdirp(o.fs, o.dir)
  let bytes = 0
  let last: FetchProgress = { phase: 'connecting', loaded: 0 }
  const report = (p: FetchProgress) => o.onProgress?.((last = { ...p, bytes }))
  const http = meteredHttp(idleHttp(o.http, o.idleTimeoutMs ?? IDLE_TIMEOUT_MS), {
    url: o.url,
    limit: o.maxBytes,
    onBytes: (n) => report({ ...last, bytes: (bytes = n) }),
  })
  const onProgress = (e: { phase: string; loaded: number; total?: number }) => {
    const phase = /resolv/i.test(e.phase) ? 'resolving' : /check/i.test(e.phase) ? 'checking-out' : 'receiving'
    report({ phase, loaded: e.loaded, total: e.total })
  }
  const t = o.target
  // A tag is fetched as itself (noTags would drop the very ref asked for); branches skip all tags.
  const noTags = !(t.kind === 'ref' && t.isTag)
  const common = {
    fs: o.fs,
    http,
    dir: o.dir,
    url: o.url,
    corsProxy: o.corsProxy || undefined,
    singleBranch: true,
    noTags,
    onProgress,
  }
  const branch = t.kind === 'ref' ? (t.name === 'HEAD' ? undefined : t.name) : t.tipName
  try {
    await git.clone({ ...common, ref: branch, depth: 1, noCheckout: t.kind === 'sha' && !t.tipName })
    if (t.kind === 'sha' && !t.tipName) {
      const oid = await deepenUntil(o, common, t.prefix)
      await git.checkout({ fs: o.fs, dir: o.dir, ref: oid, force: true, onProgress })
    }
    return await git.resolveRef({ fs: o.fs, dir: o.dir, ref: 'HEAD' })
  } catch (e) {
    await removeTree(o.fs, o.dir).catch(() => undefined)
    if (http.bytes() > o.maxBytes) throw new RepoTooLargeError(o.url, http.bytes(), o.maxBytes)
    throw toAppError(e, o.url, t.kind === 'ref' ? t.name : t.prefix)
  }
}

/** Fetches more of the default branch's history until `prefix` names a commit we hold. */
async function deepenUntil(o: CloneOptions, common: Parameters<typeof git.fetch>[0], prefix: string): Promise<string> {
  for (const depth of SHA_DEPTHS) {
    if (depth > 1) await git.fetch({ ...common, depth, tags: false })
    try {
      const oid = await git.expandOid({ fs: o.fs, dir: o.dir, oid: prefix })
      await git.readCommit({ fs: o.fs, dir: o.dir, oid })
      return oid
    } catch (e) {
      if (!(typeof e === 'object' && e !== null && 'code' in e && e.code === 'NotFoundError')) throw e
    }
  }
  throw new CommitNotFoundError(o.url, prefix, SHA_DEPTHS[SHA_DEPTHS.length - 1])
}
