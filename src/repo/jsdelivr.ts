import { isFullSha } from '../launch'
import { AppError } from '../shared/errors'
import { readBody } from '../shared/readBody'
import { parseRetryAfter, stallTimer, StallError, withRetry, type RetryOptions } from '../shared/retry'
import { RepoTooLargeError, RepoUnreachableError } from './errors'
import { IDLE_TIMEOUT_MS } from './idleHttp'
import { downloadTree, type FetchedFile } from './downloadTree'
import { RepoHttpStatusError, repoVerdict } from './repoRetry'
import type { RemoteRef } from './remoteRef'
import type { RepoSource } from './source'
import type { RepoFs } from './types'

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
 * GitHub refused (`lookupLagging`: the commit jsDelivr's branch cache holds, said to lag up to 12 h).
 * Its listing leaves symbolic links and submodules out: with a `.gitmodules`, the submodules are
 * named in the header as not fetched. Each body is checked against its sha256.
 */
export function jsdelivrSource(o: JsdelivrOptions): RepoSource {
  const name = `${o.owner}/${o.repo}`
  const url = `${o.cdnUrl}/gh/${name}`

  async function getOnce(target: string): Promise<Uint8Array> {
    const ctl = new AbortController()
    const timer = stallTimer(target, o.idleTimeoutMs ?? IDLE_TIMEOUT_MS, (e) => ctl.abort(e))
    try {
      const res = await o.fetch(target, { signal: ctl.signal })
      if (res.status === 403 || res.status === 404) {
        const text = await res.text().catch(() => '')
        const message = /"message"\s*:\s*"([^"]*)"/.exec(text)?.[1] ?? text.slice(0, 200)
        throw new JsdelivrCannotServeError(target, res.status, message || 'refused')
      }
      if (!res.ok)
        throw new RepoHttpStatusError(target, res.status, parseRetryAfter(res.headers.get('retry-after'), Date.now()))
      timer.touch()
      return await readBody(res, timer.touch)
    } catch (e) {
      if (e instanceof AppError) throw e
      const cause = ctl.signal.reason instanceof StallError ? ctl.signal.reason : e
      throw new RepoUnreachableError(target, cause instanceof Error ? cause.message : String(cause))
    } finally {
      timer.stop()
    }
  }
  const get = (target: string) => withRetry(() => getOnce(target), repoVerdict, o.retry)

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
   * `version` is the version the CDN resolved the request to. For a branch that is the commit the CDN's branch
   * cache holds, so the answer may lag GitHub by up to that cache's time (12 h, jsdelivr/jsdelivr's README,
   * "Caching"). Any other answer (no commit named, 404, an error) says nothing about the branch: a route failure,
   * so the launch's error stays GitHub's own.
   */
  async function resolveBranch(ref: string): Promise<RemoteRef> {
    const target = `${url}@${encodeURIComponent(ref)}/+private-json`
    const body = new TextDecoder().decode(await get(target))
    let version: unknown
    try {
      version = (JSON.parse(body) as { version?: unknown }).version
    } catch {
      throw new RepoUnreachableError(target, 'the answer is not JSON (cut short?)')
    }
    if (typeof version !== 'string' || !isFullSha(version))
      throw new JsdelivrCannotServeError(
        target,
        404,
        `jsDelivr names no commit for ${ref} (it answered ${String(version)})`,
      )
    return {
      kind: 'ref',
      name: ref,
      sha: version.toLowerCase(),
      lagSeconds: BRANCH_CACHE_SECONDS,
      resolvedBy: 'jsdelivr',
    }
  }

  async function fetchFile(sha: string, f: ListedFile): Promise<FetchedFile> {
    const path = f.name.replace(/^\/+/, '')
    const fileUrl = `${url}@${sha}/${path.split('/').map(encodeURIComponent).join('/')}`
    const data = await get(fileUrl)
    const hash = toBase64(await crypto.subtle.digest('SHA-256', new Uint8Array(data)))
    // A body that is not what the listing promised is a broken transfer or a broken mirror:
    // another route may serve it.
    if (hash !== f.hash) throw new RepoUnreachableError(fileUrl, `sha256 ${hash} is not the listed ${f.hash}`)
    return { path, data }
  }
}
