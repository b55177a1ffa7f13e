import type { HttpClient } from 'isomorphic-git'
import { AppError } from '../shared/errors'
import { cloneRepo } from './cloneRepo'
import { idleHttp, IDLE_TIMEOUT_MS } from './idleHttp'
import type { RetryOptions } from '../shared/retry'
import { lookupRef, type RemoteRef } from './remoteRef'
import { gitlinksFromClone } from './submodules'
import type { FetchProgress, RepoFs } from './types'

/**
 * One way of getting a repository: a cheap ref lookup, and a download of one commit into a folder.
 * Retries are told to the `onRetry` the source was made with (sourceFor), so they cover the lookup
 * and the download alike.
 */
export interface RepoSource {
  /** Where the repository lives, for records and messages. */
  url: string
  lookup(ref: string): Promise<RemoteRef>
  /** Writes the commit's files into `dir` (removing it on failure); returns the commit SHA. */
  download(dir: string, target: RemoteRef, onProgress?: (p: FetchProgress) => void): Promise<string>
  /** The commits that the gitlinks (submodules) at `paths` of a downloaded commit name (src/repo/submodules.ts). */
  gitlinks?(dir: string, sha: string, paths: string[]): Promise<Map<string, string>>
  /** Which route serves the files (`git`, `proxy`, `github-api`…), for the launch log and the header. */
  readonly route?: string
  /** A lookup that skips any cache of lookups (the upstream check after a reopen must see a moved ref). */
  lookupFresh?(ref: string): Promise<RemoteRef>
  /**
   * Where a branch points as a cache has it, which may lag the forge (jsDelivr's CDN caches a branch for up to 12 h):
   * asked only when every exact lookup was refused, and the answer says how far it may lag (`lagSeconds`).
   */
  lookupLagging?(ref: string): Promise<RemoteRef>
  /** False for a route that serves commits but cannot say exactly where a branch or tag points (jsDelivr). */
  readonly canLookup?: boolean
}

/**
 * `idleTimeoutMs`: silence after which the lookup or a clone request is given up
 * (config.networkTimeoutMs). `retry`: how transient failures of either are retried, and who is
 * told (src/shared/retry.ts).
 */
export function gitSource(o: {
  fs: RepoFs
  http: HttpClient
  url: string
  corsProxy?: string
  maxBytes: number
  idleTimeoutMs?: number
  retry?: RetryOptions
}): RepoSource {
  const http = idleHttp(o.http, o.idleTimeoutMs ?? IDLE_TIMEOUT_MS)
  return {
    url: o.url,
    // A stalled server fails the lookup (REPO_UNREACHABLE) after its retries, so a stored copy opens instead of the
    // launch hanging.
    lookup: (ref) => lookupRef({ http, url: o.url, ref, corsProxy: o.corsProxy, retry: o.retry }),
    download: (dir, target, onProgress) => cloneRepo({ ...o, dir, target, onProgress }),
    gitlinks: (dir, sha, paths) => gitlinksFromClone(o.fs, dir, sha, paths),
    route: o.corsProxy ? 'proxy' : 'git',
  }
}

/**
 * Tries `primary` and, when it cannot be reached at all (a CORS proxy that is down), `fallback`.
 * Any other failure of `primary` (no such ref, too large) is the answer. Applies to the lookup and
 * to the download alike.
 */
export function withFallback(primary: RepoSource, fallback: RepoSource): RepoSource {
  let active = primary
  const isUnreachable = (e: unknown) => e instanceof AppError && e.code === 'REPO_UNREACHABLE'
  return {
    get url() {
      return active.url
    },
    get route() {
      return active.route
    },
    gitlinks: (dir, sha, paths) => active.gitlinks?.(dir, sha, paths) ?? Promise.resolve(new Map()),
    async lookup(ref) {
      try {
        return await active.lookup(ref)
      } catch (e) {
        if (active === fallback || !isUnreachable(e)) throw e
        active = fallback
        return active.lookup(ref)
      }
    },
    // A full-SHA link skips the lookup, so the download is where an unreachable proxy shows first.
    async download(dir, target, onProgress) {
      try {
        return await active.download(dir, target, onProgress)
      } catch (e) {
        if (active === fallback || !isUnreachable(e)) throw e
        active = fallback
        return active.download(dir, target, onProgress)
      }
    },
  }
}
