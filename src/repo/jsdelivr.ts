import { isFullSha } from '../launch'
import { AppError } from '../shared/errors'
import { readBody } from '../shared/readBody'
import { parseRetryAfter, stallTimer, StallError, withRetry, type RetryOptions } from '../shared/retry'
import { RepoTooLargeError, RepoUnreachableError } from './errors'
import { IDLE_TIMEOUT_MS } from './idleHttp'
import { downloadTree, type FetchedFile } from './downloadTree'
import { RepoHttpStatusError, repoVerdict } from './repoRetry'
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

const toBase64 = (bytes: ArrayBuffer) => {
  let s = ''
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b)
  return btoa(s)
}

/**
 * jsDelivr's GitHub mirror: one call to data.jsdelivr.com lists a commit's files with their
 * sizes and sha256 hashes, and cdn.jsdelivr.net serves each body, with CORS and no per-address
 * limit. It serves a commit (full SHA) or a tag, never looks up a branch (the chain asks another
 * route), and leaves symbolic links and submodules out of its listing: with a `.gitmodules`, the
 * submodules are named in the header as not fetched. Each body is checked against its sha256.
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
      // No listing answers for a branch, and a tag's listing does not name its commit.
      throw new JsdelivrCannotServeError(url, 404, `jsDelivr does not look up refs (${ref})`)
    },
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
