// A stand-in for GitLab's REST API v4, answering from the bare repositories of a local git server
// (`<namespace>/<project>.git`, read with `git` itself), for the paths Quire uses. Read from GitLab's docs:
// - docs.gitlab.com/ee/api/projects.html "Get a single project": GET /api/v4/projects/<url-escaped path>
//   → { id, path_with_namespace, default_branch, … }; a private or missing project is 404
//   { "message": "404 Project Not Found" } to an unauthenticated caller.
// - docs.gitlab.com/ee/api/commits.html "Get a single commit": GET …/repository/commits/<sha or ref> → { id, … };
//   404 { "message": "404 Commit Not Found" }.
// - docs.gitlab.com/ee/api/repositories.html "List repository tree": GET …/repository/tree?ref&recursive=true
//   → [{ id, name, type: 'tree'|'blob'|'commit', path, mode }], no sizes; offset pagination
//   (docs.gitlab.com/ee/api/rest/#pagination): `per_page` 20 by default, at most 100, `page`; headers
//   X-Page, X-Per-Page, X-Next-Page (empty on the last page), X-Prev-Page, X-Total, X-Total-Pages, and Link.
//   (gitlab-org/gitlab#427205 reports that the tree answers page numbers even when keyset is asked for.)
// - docs.gitlab.com/ee/api/repository_files.html "Get raw file": GET …/repository/files/<escaped path>/raw?ref
//   → the bytes; 404 { "message": "404 File Not Found" }.
// - CORS: GitLab answers API GETs with Access-Control-Allow-Origin: * and exposes its pagination headers
//   (its config/initializers/cors.rb); not verified here whether Retry-After is among them.
// - Rate limits (docs.gitlab.com/ee/user/gitlab_com/#gitlabcom-specific-rate-limits): past the limit, 429 with
//   Retry-After and the body "Retry later" (`limitAfter`).
import { existsSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { bareGit } from './bareGit'

export interface GitlabServer {
  /** Base for Quire's `gitlabUrl`; the API is at `${url}/api/v4`. */
  url: string
  requests: string[]
  /** After this many more API calls, answer 429 with Retry-After; undefined = never. */
  limitAfter(calls: number | undefined, retryAfterSeconds?: number): void
  stop(): Promise<void>
}

const EXPOSED = 'Link, X-Total, X-Total-Pages, X-Per-Page, X-Page, X-Next-Page, X-Prev-Page, Retry-After'
const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED }

export async function startGitlabServer(gitRoot: string): Promise<GitlabServer> {
  const requests: string[] = []
  let limit: { left: number; retryAfter: number } | undefined
  const json = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) =>
    void res.writeHead(status, { ...CORS, 'content-type': 'application/json', ...extra }).end(JSON.stringify(body))
  const rev = async (gitDir: string, ref: string) =>
    (await bareGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], gitDir))?.toString().trim() || undefined

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    requests.push(url.pathname + url.search)
    if (req.method === 'OPTIONS') return void res.writeHead(204, { ...CORS, 'access-control-allow-headers': '*' }).end()
    // The project is one escaped segment (`group%2Fproject`); the rest of the path is the resource.
    const m = /^\/api\/v4\/projects\/([^/]+)(\/.*)?$/.exec(url.pathname)
    if (!m) return json(res, 404, { error: '404 Not Found' })
    if (limit && limit.left-- <= 0)
      return void res
        .writeHead(429, { ...CORS, 'retry-after': String(limit.retryAfter), 'content-type': 'text/plain' })
        .end('Retry later')
    const project = decodeURIComponent(m[1])
    const gitDir = join(gitRoot, `${project}.git`)
    if (project.includes('..') || !existsSync(gitDir)) return json(res, 404, { message: '404 Project Not Found' })
    const rest = m[2] ?? ''
    if (rest === '') {
      const head = (await bareGit(['symbolic-ref', '--short', 'HEAD'], gitDir))?.toString().trim()
      return json(res, 200, { id: 1, path_with_namespace: project, default_branch: head ?? null })
    }
    const commit = /^\/repository\/commits\/(.+)$/.exec(rest)
    if (commit) {
      const sha = await rev(gitDir, decodeURIComponent(commit[1]))
      return sha
        ? json(res, 200, { id: sha, short_id: sha.slice(0, 8) })
        : json(res, 404, { message: '404 Commit Not Found' })
    }
    const ref = url.searchParams.get('ref') ?? 'HEAD'
    const sha = await rev(gitDir, ref)
    if (!sha) return json(res, 404, { message: '404 Tree Not Found' })
    if (rest === '/repository/tree') {
      const recursive = url.searchParams.get('recursive') === 'true'
      const out = (await bareGit(['ls-tree', ...(recursive ? ['-r', '-t'] : []), sha], gitDir))?.toString() ?? ''
      const entries = out
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [meta, path] = line.split('\t')
          const [mode, type, id] = meta.split(/\s+/)
          return { id, name: path.split('/').pop(), type, path, mode }
        })
      const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 20) || 20))
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
      const pages = Math.max(1, Math.ceil(entries.length / perPage))
      const next = page < pages ? String(page + 1) : ''
      const link = (p: number) => {
        const u = new URL(url.href)
        u.searchParams.set('page', String(p))
        return `<${u.pathname}${u.search}>`
      }
      return json(res, 200, entries.slice((page - 1) * perPage, page * perPage), {
        'x-page': String(page),
        'x-per-page': String(perPage),
        'x-next-page': next,
        'x-prev-page': page > 1 ? String(page - 1) : '',
        'x-total': String(entries.length),
        'x-total-pages': String(pages),
        link: [next && `${link(page + 1)}; rel="next"`, `${link(1)}; rel="first"`, `${link(pages)}; rel="last"`]
          .filter(Boolean)
          .join(', '),
      })
    }
    const file = /^\/repository\/files\/([^/]+)\/raw$/.exec(rest)
    if (file) {
      const body = await bareGit(['cat-file', 'blob', `${sha}:${decodeURIComponent(file[1])}`], gitDir)
      if (!body) return json(res, 404, { message: '404 File Not Found' })
      return void res.writeHead(200, { ...CORS, 'content-type': 'text/plain; charset=utf-8' }).end(body)
    }
    return json(res, 404, { error: '404 Not Found' })
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('gitlab server: no TCP address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    limitAfter(calls, retryAfterSeconds = 60) {
      limit = calls === undefined ? undefined : { left: calls, retryAfter: retryAfterSeconds }
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((ok) => server.close(() => ok()))
    },
  }
}
