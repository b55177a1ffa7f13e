import { stallFetch } from './stallFetch'
import { isFullSha } from '../launch'
import { withRetry, type RetryOptions } from '../shared/retry'
import { RepoTooLargeError, RepoUnreachableError } from './errors'
import { IDLE_TIMEOUT_MS } from './idleHttp'
import { isBranchSnapshot, snapshotId } from './branchSnapshot'
import { downloadTree, type FetchedFile } from './downloadTree'
import { repoVerdict } from './repoRetry'
import type { RemoteRef } from './remoteRef'
import type { RepoSource } from './source'
import type { FetchProgress, RepoFs } from './types'

export interface JsdelivrOptions {
  fs: RepoFs
  fetch: typeof fetch
  /** `https://data.jsdelivr.com`: the file listing with sizes and sha256 hashes. */
  dataUrl: string
  /** `https://cdn.jsdelivr.net`: file bodies at `/gh/<owner>/<repo>@<version>/<path>`. */
  cdnUrl: string
  owner: string
  repo: string
  maxBytes: number
  concurrency?: number
  idleTimeoutMs?: number
  retry?: RetryOptions
}

interface ListedFile {
  name: string
  hash: string
  size: number
  /** In `+private-json` only: the archive's time of the file, which is the commit's time. */
  time?: string
}

class ListedHashError extends RepoUnreachableError {
  constructor(
    readonly url: string,
    hash: string,
    listed: string,
  ) {
    super(url, `sha256 ${hash} is not the listed ${listed}`)
  }
}

function isListing(x: unknown): x is { files: ListedFile[] } {
  if (typeof x !== 'object' || x === null || !Array.isArray((x as { files?: unknown }).files)) return false
  return (x as { files: unknown[] }).files.every(
    (f) =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as ListedFile).name === 'string' &&
      typeof (f as ListedFile).hash === 'string' &&
      typeof (f as ListedFile).size === 'number',
  )
}

/**
 * A refusal another route can serve: jsDelivr lists only exact versions (a tag or a full commit
 * SHA, never a branch), caps repositories at 50 MB, and knows nothing of a private repository.
 * REPO_UNREACHABLE with an `HTTP 4xx` detail, so it is not retried here and the route chain moves on.
 */
class JsdelivrCannotServeError extends RepoUnreachableError {
  constructor(url: string, status: number, why: string) {
    super(url, `HTTP ${status}: ${why}`)
  }
}

/** How long jsDelivr's CDN may keep a branch (jsdelivr/jsdelivr's README, "Caching": "Branches - 12 hours"). */
export const BRANCH_CACHE_SECONDS = 12 * 3600

const toBase64 = (bytes: ArrayBuffer) => {
  let s = ''
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b)
  return btoa(s)
}

/**
 * jsDelivr's GitHub mirror: one call to data.jsdelivr.com lists a commit's files with their
 * sizes and sha256 hashes, and cdn.jsdelivr.net serves each body, with CORS and no per-address
 * limit. It serves a commit (full SHA) or a tag. A branch is looked up elsewhere, and here only when
 * GitHub refused (`lookupLagging`: the files jsDelivr's branch cache holds, said to lag up to 12 h, whose commit
 * jsDelivr does not name).
 * Its listing leaves symbolic links and submodules out: with a `.gitmodules`, the submodules are
 * named in the header as not fetched. Each body is checked against its sha256.
 */
export function jsdelivrSource(o: JsdelivrOptions): RepoSource {
  const name = `${o.owner}/${o.repo}`
  const url = `${o.cdnUrl}/gh/${name}`

  // `cache`: a branch's answers may be kept by the browser for a week (`max-age=604800`); 'no-cache' revalidates them,
  // so the copy is at most as old as jsDelivr's own (12 h).
  async function getOnce(target: string, cache?: RequestCache): Promise<Uint8Array> {
    const { body } = await stallFetch(o.fetch, target, {
      idleTimeoutMs: o.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
      init: cache && { cache },
      async refuse(res) {
        if (res.status !== 403 && res.status !== 404) return
        const text = await res.text().catch(() => '')
        const message = /"message"\s*:\s*"([^"]*)"/.exec(text)?.[1] ?? text.slice(0, 200)
        throw new JsdelivrCannotServeError(target, res.status, message || 'refused')
      },
    })
    return body
  }
  const get = (target: string, cache?: RequestCache) => withRetry(() => getOnce(target, cache), repoVerdict, o.retry)
  // Branch copies described by this launch's lookup, by id: their files are read at the branch, not at a commit.
  const branchCopies = new Map<string, { branch: string; files: ListedFile[] }>()

  return {
    url,
    route: 'jsdelivr',
    canLookup: false,
    async lookup(ref) {
      // data.jsdelivr.com lists no branch, and a tag's listing does not name its commit.
      throw new JsdelivrCannotServeError(url, 404, `jsDelivr does not look up refs (${ref})`)
    },
    // Asked only when GitHub refused every exact lookup (src/repo/routes.ts).
    lookupLagging: (ref) => resolveBranch(ref),
    async download(dir, target, onProgress) {
      const sha = target.kind === 'ref' ? target.sha : target.prefix
      if (isBranchSnapshot(sha)) return downloadBranchCopy(dir, sha, onProgress)
      if (!isFullSha(sha)) throw new JsdelivrCannotServeError(url, 404, `jsDelivr needs a full commit SHA, not ${sha}`)
      const listingUrl = `${o.dataUrl}/v1/packages/gh/${name}@${sha}?structure=flat`
      const body = new TextDecoder().decode(await get(listingUrl))
      let listing: unknown
      try {
        listing = JSON.parse(body)
      } catch {
        throw new RepoUnreachableError(listingUrl, 'the answer is not JSON (cut short?)')
      }
      if (!isListing(listing)) throw new RepoUnreachableError(listingUrl, 'unexpected answer to the file listing')
      const total = listing.files.reduce((n, f) => n + f.size, 0)
      if (total > o.maxBytes) throw new RepoTooLargeError(url, total, o.maxBytes)
      await downloadTree(
        o.fs,
        dir,
        `the files of ${url}`,
        listing.files,
        o.concurrency ?? 8,
        (f) => fetchFile(sha, f),
        onProgress,
      )
      return sha
    },
  }

  /**
   * The CDN's own description of a version, `<cdn>/gh/<owner>/<repo>@<version>/+private-json`, is what
   * data.jsdelivr.com reads to list files (its src/remote-services/JsDelivrRemoteService.js, listFiles); its
   * `version` is the version the CDN resolved the request to. For a branch the CDN's answers name the branch itself
   * (`x-jsd-version: main`, `x-jsd-version-type: branch`), so the commit stays unknown: the files it lists are opened
   * as a branch copy (src/repo/branchSnapshot.ts), whose files carry the cached commit's time. Should it name a commit,
   * that commit opens. Either may lag GitHub by up to the CDN's branch cache (12 h, jsdelivr/jsdelivr's README,
   * "Caching"). Any other answer (404, an error) says nothing about the branch: a route failure, so the launch's
   * error stays GitHub's own.
   */
  async function resolveBranch(ref: string): Promise<RemoteRef> {
    const target = `${url}@${encodeURIComponent(ref)}/+private-json`
    const body = new TextDecoder().decode(await get(target, 'no-cache'))
    let described: unknown
    try {
      described = JSON.parse(body)
    } catch {
      throw new RepoUnreachableError(target, 'the answer is not JSON (cut short?)')
    }
    const version = (described as { version?: unknown } | null)?.version
    const lag = { kind: 'ref', name: ref, lagSeconds: BRANCH_CACHE_SECONDS, resolvedBy: 'jsdelivr' } as const
    if (typeof version === 'string' && isFullSha(version.toLowerCase())) return { ...lag, sha: version.toLowerCase() }
    if (version !== ref || !isListing(described))
      throw new JsdelivrCannotServeError(
        target,
        404,
        `jsDelivr names no copy of ${ref} (it answered ${String(version)})`,
      )
    const total = described.files.reduce((n, f) => n + f.size, 0)
    if (total > o.maxBytes) throw new RepoTooLargeError(url, total, o.maxBytes)
    const id = await snapshotId(described.files)
    branchCopies.set(id, { branch: ref, files: described.files })
    const times = described.files
      .map((f) => (typeof f.time === 'string' ? Date.parse(f.time) : NaN))
      .filter((t) => t > 0)
    return { ...lag, sha: id, ...(times.length > 0 && { filesAt: Math.max(...times) }) }
  }

  /** The files of a branch copy this launch described, read at the branch and checked against the description. */
  async function downloadBranchCopy(dir: string, id: string, onProgress?: (p: FetchProgress) => void) {
    const copy = branchCopies.get(id)
    if (!copy) throw new JsdelivrCannotServeError(url, 404, `no description of jsDelivr's copy ${id} in this launch`)
    const at = encodeURIComponent(copy.branch)
    await downloadTree(
      o.fs,
      dir,
      `the files of ${url}@${copy.branch}`,
      copy.files,
      o.concurrency ?? 8,
      async (f) => {
        try {
          return await fetchFile(at, f, 'no-cache')
        } catch (e) {
          // The CDN caches each file of a branch on its own: one that moved since the description was cached is
          // another commit's, and mixing two commits would be neither.
          if (e instanceof ListedHashError)
            throw new RepoUnreachableError(e.url, `jsDelivr's copy of ${copy.branch} changed while it was read; reload`)
          throw e
        }
      },
      onProgress,
    )
    return id
  }

  async function fetchFile(version: string, f: ListedFile, cache?: RequestCache): Promise<FetchedFile> {
    const path = f.name.replace(/^\/+/, '')
    const fileUrl = `${url}@${version}/${path.split('/').map(encodeURIComponent).join('/')}`
    const data = await get(fileUrl, cache)
    const hash = toBase64(await crypto.subtle.digest('SHA-256', new Uint8Array(data)))
    // A body that is not what the listing promised is a broken transfer or a broken mirror:
    // another route may serve it.
    if (hash !== f.hash) throw new ListedHashError(fileUrl, hash, f.hash)
    return { path, data }
  }
}
