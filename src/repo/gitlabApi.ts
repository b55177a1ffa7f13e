import { stallFetch } from './stallFetch'
import { withRetry, type RetryOptions } from '../shared/retry'
import { RefNotFoundError, RepoNotFoundError, RepoTooLargeError, RepoUnreachableError } from './errors'
import { downloadTree, type FetchedFile } from './downloadTree'
import { IDLE_TIMEOUT_MS } from './idleHttp'
import { repoVerdict } from './repoRetry'
import type { RepoSource } from './source'
import type { RepoFs } from './types'

export interface GitlabApiOptions {
  fs: RepoFs
  fetch: typeof fetch
  /** `https://gitlab.com/api/v4`: every GitLab instance serves its REST API at `<host>/api/v4`. */
  apiUrl: string
  /** `namespace/project`, as the link names it. */
  project: string
  maxBytes: number
  concurrency?: number
  idleTimeoutMs?: number
  retry?: RetryOptions
}

interface TreeEntry {
  id: string
  path: string
  type: string
  mode: string
}

const isEntries = (x: unknown): x is TreeEntry[] =>
  Array.isArray(x) &&
  x.every(
    (e) =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as TreeEntry).path === 'string' &&
      typeof (e as TreeEntry).type === 'string' &&
      typeof (e as TreeEntry).mode === 'string',
  )

/**
 * A GitLab project through its REST API v4, which answers unauthenticated GETs of public projects with CORS
 * (GitLab's git endpoints send none): `repository/commits/<ref>` resolves a ref, `repository/tree?recursive=true`
 * lists the files page by page (`X-Next-Page`, docs.gitlab.com/ee/api/rest/#pagination), and
 * `repository/files/<path>/raw` serves each body. The listing has no sizes, so the size cap is checked as bodies
 * arrive. Links (mode 120000) are kept as links; gitlinks (submodules) are handed to src/repo/submodules.ts.
 * A 404 of the project (private or gone) is REPO_NOT_FOUND; of a ref, REF_NOT_FOUND; 429 is retried after its
 * Retry-After, then REPO_UNREACHABLE (another route may serve).
 */
export function gitlabApiSource(o: GitlabApiOptions): RepoSource {
  const projectUrl = `${o.apiUrl}/projects/${encodeURIComponent(o.project)}`

  async function getOnce(url: string, ref: string): Promise<{ body: Uint8Array; nextPage: string | null }> {
    const { body, headers } = await stallFetch(o.fetch, url, {
      idleTimeoutMs: o.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
      async refuse(res) {
        if (res.status !== 404) return
        // GitLab says which: "404 Project Not Found", "404 Commit Not Found", "404 File Not Found".
        const message = await res.text().catch(() => '')
        if (/Commit Not Found/i.test(message)) throw new RefNotFoundError(projectUrl, ref)
        throw new RepoNotFoundError(projectUrl, 404)
      },
    })
    return { body, nextPage: headers.get('x-next-page') }
  }
  const get = (url: string, ref: string) => withRetry(() => getOnce(url, ref), repoVerdict, o.retry)
  const json = async (url: string, ref: string) => {
    const { body, nextPage } = await get(url, ref)
    try {
      return { value: JSON.parse(new TextDecoder().decode(body)) as unknown, nextPage }
    } catch {
      throw new RepoUnreachableError(url, 'the answer is not JSON (cut short?)')
    }
  }

  async function listTree(sha: string): Promise<TreeEntry[]> {
    const all: TreeEntry[] = []
    for (let page: string | null = '1'; page;) {
      const url = `${projectUrl}/repository/tree?ref=${sha}&recursive=true&per_page=100&page=${page}`
      const { value, nextPage } = await json(url, sha)
      if (!isEntries(value)) throw new RepoUnreachableError(url, 'unexpected answer to repository/tree')
      all.push(...value)
      page = nextPage
    }
    return all
  }

  const gitlinksOf = new Map<string, Map<string, string>>()

  return {
    url: projectUrl,
    route: 'gitlab-api',
    gitlinks: async (_dir, sha, paths) => new Map([...(gitlinksOf.get(sha) ?? [])].filter(([p]) => paths.includes(p))),
    async lookup(ref) {
      if (ref !== 'HEAD') return { kind: 'ref', name: ref, sha: await commitOf(ref) }
      // HEAD is the project's default branch, which the project's own answer names.
      const { value } = await json(projectUrl, ref)
      const branch = (value as { default_branch?: unknown }).default_branch
      if (typeof branch !== 'string') throw new RefNotFoundError(projectUrl, ref)
      return { kind: 'ref', name: 'HEAD', sha: await commitOf(branch) }
    },
    async download(dir, target, onProgress) {
      const sha = target.kind === 'ref' ? target.sha : await commitOf(target.prefix)
      const entries = await listTree(sha)
      gitlinksOf.set(sha, new Map(entries.filter((e) => e.type === 'commit').map((e) => [e.path, e.id])))
      const blobs = entries.filter((e) => e.type === 'blob')
      let total = 0
      const fetchOne = async (e: TreeEntry): Promise<FetchedFile> => {
        const url = `${projectUrl}/repository/files/${encodeURIComponent(e.path)}/raw?ref=${sha}`
        const { body } = await get(url, sha)
        total += body.byteLength
        // No sizes in the listing: the cap is checked as the bodies arrive.
        if (total > o.maxBytes) throw new RepoTooLargeError(projectUrl, total, o.maxBytes)
        return { path: e.path, data: body, isLink: e.mode === '120000' }
      }
      await downloadTree(o.fs, dir, `the files of ${projectUrl}`, blobs, o.concurrency ?? 8, fetchOne, onProgress)
      return sha
    },
  }

  async function commitOf(ref: string): Promise<string> {
    const { value } = await json(`${projectUrl}/repository/commits/${encodeURIComponent(ref)}`, ref)
    const sha = (value as { id?: unknown }).id
    if (typeof sha !== 'string') throw new RepoUnreachableError(projectUrl, 'unexpected answer to repository/commits')
    return sha
  }
}
