import { isFullSha } from '../launch'
import { RefNotFoundError, RepoTooLargeError, RepoUnreachableError } from './errors'
import { downloadTree, type FetchedFile } from './downloadTree'
import { githubRequests } from './githubApi'
import type { RetryOptions } from '../shared/retry'
import type { RepoSource } from './source'
import type { RepoFs } from './types'

export interface GistApiOptions {
  fs: RepoFs
  fetch: typeof fetch
  /** `https://api.github.com`: `GET /gists/<id>` and `/gists/<id>/<sha>` (CORS, 60 calls an hour unauthenticated). */
  apiUrl: string
  token?: string
  /** The gist's id (its owner is in the link for people to read; the API needs only the id). */
  id: string
  maxBytes: number
  concurrency?: number
  idleTimeoutMs?: number
  retry?: RetryOptions
}

interface GistFile {
  filename: string
  size: number
  truncated?: boolean
  content?: string
  encoding?: string
  raw_url: string
}

interface Gist {
  files: Record<string, GistFile | null>
  history?: { version?: unknown }[]
  truncated?: boolean
}

const isGist = (x: unknown): x is Gist =>
  typeof x === 'object' && x !== null && typeof (x as Gist).files === 'object' && (x as Gist).files !== null

const isFile = (f: unknown): f is GistFile =>
  typeof f === 'object' &&
  f !== null &&
  typeof (f as GistFile).filename === 'string' &&
  typeof (f as GistFile).size === 'number' &&
  typeof (f as GistFile).raw_url === 'string'

const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))

/**
 * A gist through GitHub's REST API, for a browser with no CORS proxy (gist.github.com's git endpoints send no
 * CORS headers). One call gives the latest revision and every file's content up to 1 MB; a file the API cut
 * short (`truncated`) or sent as base64 comes from its `raw_url` (docs.github.com/en/rest/gists/gists,
 * "Truncation"). A gist of more than 300 files is listed only in part (top-level `truncated`): REPO_TOO_LARGE,
 * since only git could fetch it whole. The API's hourly limit applies (GITHUB_RATE_LIMITED).
 * Gists hold no folders, links or submodules.
 */
export function gistApiSource(o: GistApiOptions): RepoSource {
  const url = `${o.apiUrl}/gists/${o.id}`
  const { get, json } = githubRequests(o, url)
  // The latest revision's answer, kept from the lookup so its download costs no second call.
  const answers = new Map<string, Gist>()

  async function gistAt(sha?: string): Promise<{ sha: string; gist: Gist }> {
    const kept = sha && answers.get(sha)
    if (kept) return { sha, gist: kept }
    const body = await json(sha ? `${url}/${sha}` : url, sha ?? 'HEAD')
    if (!isGist(body)) throw new RepoUnreachableError(url, 'unexpected answer to gists/<id>')
    const latest = body.history?.[0]?.version
    const at = sha ?? (typeof latest === 'string' && isFullSha(latest) ? latest : undefined)
    if (!at) throw new RepoUnreachableError(url, 'the gist names no revision (history is empty)')
    answers.set(at, body)
    return { sha: at, gist: body }
  }

  return {
    url,
    route: 'gist-api',
    async lookup(ref) {
      // A gist has one branch: the link's master/main/HEAD all mean its latest revision (src/launch).
      if (ref !== 'HEAD') throw new RefNotFoundError(url, ref)
      return { kind: 'ref', name: 'HEAD', sha: (await gistAt()).sha }
    },
    async download(dir, target, onProgress) {
      const wanted = target.kind === 'ref' ? target.sha : target.prefix
      if (!isFullSha(wanted)) throw new RefNotFoundError(url, wanted)
      const { sha, gist } = await gistAt(wanted)
      if (gist.truncated) {
        const e = new RepoTooLargeError(url, Infinity, o.maxBytes)
        e.message = `GitHub lists only the first 300 files of the gist ${url}: only git (a CORS proxy) can fetch it whole`
        e.data.truncated = true
        throw e
      }
      const files = Object.values(gist.files).filter(isFile)
      // Gist file names hold no folders; anything else is not a name to write under `dir`.
      const odd = files.find((f) => /[/\\]/.test(f.filename) || f.filename === '.' || f.filename === '..')
      if (odd) throw new RepoUnreachableError(url, `the API names a file ${JSON.stringify(odd.filename)}`)
      const total = files.reduce((n, f) => n + f.size, 0)
      if (total > o.maxBytes) throw new RepoTooLargeError(url, total, o.maxBytes)
      const fetchOne = async (f: GistFile): Promise<FetchedFile> => {
        if (!f.truncated && typeof f.content === 'string')
          return {
            path: f.filename,
            data: f.encoding === 'base64' ? fromBase64(f.content) : new TextEncoder().encode(f.content),
          }
        return { path: f.filename, data: await get(f.raw_url, sha) }
      }
      await downloadTree(o.fs, dir, `the files of ${url}`, files, o.concurrency ?? 8, fetchOne, onProgress)
      return sha
    },
  }
}
