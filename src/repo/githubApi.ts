import { AppError } from '../shared/errors'
import { RefNotFoundError, RepoNotFoundError, RepoTooLargeError, RepoUnreachableError } from './errors'
import { mkdirp, removeTree } from './readTree'
import type { RepoSource } from './source'
import type { FetchProgress, RepoFs } from './types'

export class GithubRateLimitError extends AppError {
  constructor(url: string, resetAt: number | undefined) {
    const when = resetAt ? new Date(resetAt).toLocaleTimeString() : 'within the hour'
    super('GITHUB_RATE_LIMITED', `GitHub's API refused ${url}: rate limit reached; it resets at ${when}`, { url, resetAt })
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
}

interface TreeEntry {
  path: string
  type: string
  mode: string
  size?: number
}

function isTree(x: unknown): x is { tree: TreeEntry[]; truncated?: boolean } {
  return typeof x === 'object' && x !== null && Array.isArray((x as { tree?: unknown }).tree)
}

/**
 * GitHub without a CORS proxy: its REST API sends CORS headers, so one call resolves a ref to a
 * commit, one lists the whole tree, and raw.githubusercontent.com serves each file body.
 */
export function githubApiSource(o: GithubApiOptions): RepoSource {
  const repoUrl = `${o.apiUrl}/repos/${o.owner}/${o.repo}`

  async function get(url: string, ref: string): Promise<Response> {
    let res: Response
    try {
      const auth: Record<string, string> = o.token && url.startsWith(o.apiUrl) ? { authorization: `Bearer ${o.token}` } : {}
      res = await o.fetch(url, { headers: { accept: 'application/vnd.github+json', ...auth } })
    } catch (e) {
      throw new RepoUnreachableError(url, e instanceof Error ? e.message : String(e))
    }
    if ((res.status === 403 || res.status === 429) && res.headers.get('x-ratelimit-remaining') === '0') {
      const reset = Number(res.headers.get('x-ratelimit-reset'))
      throw new GithubRateLimitError(repoUrl, Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined)
    }
    // The commits endpoint answers 422 for a ref that names nothing, 404 for a missing repository.
    if (res.status === 422) throw new RefNotFoundError(repoUrl, ref)
    if (res.status === 404) throw new RepoNotFoundError(repoUrl, 404)
    if (!res.ok) throw new RepoUnreachableError(url, `HTTP ${res.status}`)
    return res
  }

  async function commitOf(ref: string): Promise<{ sha: string; tree: string }> {
    const body: unknown = await (await get(`${repoUrl}/commits/${encodeURIComponent(ref)}`, ref)).json()
    const c = body as { sha?: unknown; commit?: { tree?: { sha?: unknown } } }
    if (typeof c.sha !== 'string' || typeof c.commit?.tree?.sha !== 'string') throw new RepoUnreachableError(repoUrl, 'unexpected answer to commits/<ref>')
    return { sha: c.sha, tree: c.commit.tree.sha }
  }

  return {
    url: repoUrl,
    async lookup(ref) {
      const { sha } = await commitOf(ref)
      return { kind: 'ref', name: ref, sha }
    },
    async download(dir, target, onProgress) {
      const { sha, tree } = await commitOf(target.kind === 'ref' ? target.sha : target.prefix)
      const listing: unknown = await (await get(`${repoUrl}/git/trees/${tree}?recursive=1`, sha)).json()
      if (!isTree(listing)) throw new RepoUnreachableError(repoUrl, 'unexpected answer to git/trees')
      if (listing.truncated) throw new RepoTooLargeError(repoUrl, Infinity, o.maxBytes)
      // Regular files only: submodules (commit) and symlinks (120000) have no body to fetch.
      const blobs = listing.tree.filter((e) => e.type === 'blob' && e.mode !== '120000')
      const total = blobs.reduce((n, b) => n + (b.size ?? 0), 0)
      // The listing gives every size up front, so a huge repository is refused before any download.
      if (total > o.maxBytes) throw new RepoTooLargeError(repoUrl, total, o.maxBytes)
      await removeTree(o.fs, dir)
      try {
        await writeBlobs(dir, sha, blobs, onProgress)
      } catch (e) {
        await removeTree(o.fs, dir).catch(() => undefined)
        throw e
      }
      return sha
    },
  }

  async function writeBlobs(dir: string, sha: string, blobs: TreeEntry[], onProgress?: (p: FetchProgress) => void) {
    let next = 0
    let done = 0
    let bytes = 0
    const worker = async () => {
      while (next < blobs.length) {
        const b = blobs[next++]
        const url = `${o.rawUrl}/${o.owner}/${o.repo}/${sha}/${b.path.split('/').map(encodeURIComponent).join('/')}`
        const data = new Uint8Array(await (await get(url, sha)).arrayBuffer())
        const parent = b.path.split('/').slice(0, -1).join('/')
        await mkdirp(o.fs, parent ? `${dir}/${parent}` : dir)
        await o.fs.promises.writeFile(`${dir}/${b.path}`, data)
        bytes += data.byteLength
        onProgress?.({ phase: 'receiving', loaded: ++done, total: blobs.length, bytes })
      }
    }
    await mkdirp(o.fs, dir)
    await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 8, blobs.length) }, worker))
  }
}
