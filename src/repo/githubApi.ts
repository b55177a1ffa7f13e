import { stallFetch } from './stallFetch'
import { AppError } from '../shared/errors'
import { parseRetryAfter, withRetry, type RetryOptions } from '../shared/retry'
import { RefNotFoundError, RepoNotFoundError, RepoTooLargeError, RepoUnreachableError } from './errors'
import { IDLE_TIMEOUT_MS } from './idleHttp'
import { downloadTree, type FetchedFile } from './downloadTree'
import { repoVerdict } from './repoRetry'
import type { RepoSource } from './source'
import type { RepoFs } from './types'

export class GithubRateLimitError extends AppError {
  constructor(url: string, resetAt: number | undefined) {
    const when = resetAt ? new Date(resetAt).toLocaleTimeString() : 'within the hour'
    super('GITHUB_RATE_LIMITED', `GitHub's API refused ${url}: rate limit reached; it resets at ${when}`, {
      url,
      resetAt,
    })
  }
}

/**
 * GitHub's secondary rate limit (too many requests at once, whatever the hourly allowance left): a
 * 403 or 429 whose message says so, with a Retry-After to honour
 * (docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits).
 * GITHUB_RATE_LIMITED like the hourly one, but worth retrying once the wait is over.
 */
export class GithubSecondaryLimitError extends AppError {
  constructor(
    url: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super('GITHUB_RATE_LIMITED', `GitHub's secondary rate limit refused ${url}; it asked to wait before trying again`, {
      url,
      retryAfterMs,
      isSecondary: true,
    })
  }
}

/**
 * GitHub cut the recursive tree listing short ("truncated": true past 100,000 entries or 7 MB,
 * docs.github.com/en/rest/git/trees): the API cannot list this repository whole.
 */
export class TreeTruncatedError extends RepoTooLargeError {
  constructor(url: string, limit: number) {
    super(url, Infinity, limit)
    this.message = `GitHub truncated the file listing of ${url} (over 100,000 entries or 7 MB): too many files for its API`
    this.data.truncated = true
  }
}

export interface GithubApiOptions {
  fs: RepoFs
  fetch: typeof fetch
  /** `https://api.github.com` or a compatible server. */
  apiUrl: string
  /** `https://raw.githubusercontent.com`: file bodies at `/<owner>/<repo>/<sha>/<path>`. */
  rawUrl: string
  /** Sent as a bearer token to the API only, never to the raw file host. */
  token?: string
  owner: string
  repo: string
  maxBytes: number
  /** Raw downloads at once: enough to hide latency, few enough to stay polite. */
  concurrency?: number
  /**
   * Silence (no answer, no new bytes) after which a request is given up and retried; default 30 s
   * (config.networkTimeoutMs).
   */
  idleTimeoutMs?: number
  /** Tries, waits and `onRetry` for transient failures (src/shared/retry.ts). */
  retry?: RetryOptions
}

interface TreeEntry {
  path: string
  type: string
  mode: string
  sha?: string
  size?: number
}

function isTree(x: unknown): x is { tree: TreeEntry[]; truncated?: boolean } {
  return typeof x === 'object' && x !== null && Array.isArray((x as { tree?: unknown }).tree)
}

/**
 * GitHub without a CORS proxy: its REST API sends CORS headers, so one call resolves a ref to a
 * commit, one lists the whole tree, and raw.githubusercontent.com serves each file body. Each
 * request is given up after `idleTimeoutMs` of silence, and transient failures are retried.
 */
export function githubApiSource(o: GithubApiOptions): RepoSource {
  const repoUrl = `${o.apiUrl}/repos/${o.owner}/${o.repo}`

  const { get, json } = githubRequests(o, repoUrl)

  async function commitOf(ref: string): Promise<{ sha: string; tree: string }> {
    const body: unknown = await json(`${repoUrl}/commits/${encodeURIComponent(ref)}`, ref)
    const c = body as { sha?: unknown; commit?: { tree?: { sha?: unknown } } }
    if (typeof c.sha !== 'string' || typeof c.commit?.tree?.sha !== 'string')
      throw new RepoUnreachableError(repoUrl, 'unexpected answer to commits/<ref>')
    return { sha: c.sha, tree: c.commit.tree.sha }
  }

  // Gitlinks (submodules) seen in each downloaded commit's listing, for `gitlinks`.
  const gitlinksOf = new Map<string, Map<string, string>>()

  return {
    url: repoUrl,
    route: 'github-api',
    gitlinks: async (_dir, sha, paths) => new Map([...(gitlinksOf.get(sha) ?? [])].filter(([p]) => paths.includes(p))),
    async lookup(ref) {
      const { sha } = await commitOf(ref)
      return { kind: 'ref', name: ref, sha }
    },
    async download(dir, target, onProgress) {
      const { sha, tree } = await commitOf(target.kind === 'ref' ? target.sha : target.prefix)
      const listing: unknown = await json(`${repoUrl}/git/trees/${tree}?recursive=1`, sha)
      if (!isTree(listing)) throw new RepoUnreachableError(repoUrl, 'unexpected answer to git/trees')
      if (listing.truncated) throw new TreeTruncatedError(repoUrl, o.maxBytes)
      gitlinksOf.set(
        sha,
        new Map(listing.tree.filter((e) => e.type === 'commit' && e.sha).map((e) => [e.path, e.sha!])),
      )
      // Regular files and symlinks (120000, whose body is the target text); submodules (commit) are fetched apart.
      const blobs = listing.tree.filter((e) => e.type === 'blob')
      const total = blobs.reduce((n, b) => n + (b.size ?? 0), 0)
      // The listing gives every size up front, so a huge repository is refused before any download.
      if (total > o.maxBytes) throw new RepoTooLargeError(repoUrl, total, o.maxBytes)
      const fetchBlob = async (b: TreeEntry): Promise<FetchedFile> => {
        const url = `${o.rawUrl}/${o.owner}/${o.repo}/${sha}/${b.path.split('/').map(encodeURIComponent).join('/')}`
        return { path: b.path, data: await get(url, sha), isLink: b.mode === '120000' }
      }
      await downloadTree(o.fs, dir, `the files of ${repoUrl}`, blobs, o.concurrency ?? 8, fetchBlob, onProgress)
      return sha
    },
  }
}

/**
 * GET requests to GitHub's API (and file hosts it links to) as every API route makes them: the token only to
 * `apiUrl`, GitHub's hourly and secondary limits told apart, 404/422 as "no such repository/ref" of `repoUrl`,
 * silence given up after `idleTimeoutMs`, transient failures retried.
 */
export function githubRequests(
  o: Pick<GithubApiOptions, 'fetch' | 'apiUrl' | 'token' | 'idleTimeoutMs' | 'retry'>,
  repoUrl: string,
) {
  /** The body of one API or raw-file request, retried when the failure may pass (src/shared/retry.ts). */
  const get = (url: string, ref: string): Promise<Uint8Array> =>
    withRetry(() => getOnce(url, ref), repoVerdict, o.retry)

  async function getOnce(url: string, ref: string): Promise<Uint8Array> {
    const auth: Record<string, string> =
      o.token && url.startsWith(o.apiUrl) ? { authorization: `Bearer ${o.token}` } : {}
    const { body } = await stallFetch(o.fetch, url, {
      idleTimeoutMs: o.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
      init: { headers: { accept: 'application/vnd.github+json', ...auth } },
      async refuse(res) {
        if ((res.status === 403 || res.status === 429) && res.headers.get('x-ratelimit-remaining') === '0') {
          const reset = Number(res.headers.get('x-ratelimit-reset'))
          throw new GithubRateLimitError(repoUrl, Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined)
        }
        if ((res.status === 403 || res.status === 429) && /secondary rate limit/i.test(await res.clone().text())) {
          // Without a Retry-After, GitHub asks for at least a minute (its docs, "about secondary rate limits").
          const after = parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? 60_000
          throw new GithubSecondaryLimitError(url, after)
        }
        // The commits endpoint answers 422 for a ref that names nothing, 404 for a missing repository.
        if (res.status === 422) throw new RefNotFoundError(repoUrl, ref)
        if (res.status === 404) throw new RepoNotFoundError(repoUrl, 404)
        // Any other failure keeps its Retry-After: GitHub exposes it to pages (Access-Control-Expose-Headers).
      },
    })
    return body
  }

  // An answer that does not parse may be a body cut short: retried like a cut connection.
  const json = (url: string, ref: string): Promise<unknown> =>
    withRetry(
      async () => {
        const text = new TextDecoder().decode(await getOnce(url, ref))
        try {
          return JSON.parse(text) as unknown
        } catch {
          throw new RepoUnreachableError(url, 'the answer is not JSON (cut short?)')
        }
      },
      repoVerdict,
      o.retry,
    )
  return { get, json }
}
