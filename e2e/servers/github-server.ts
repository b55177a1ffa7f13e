// A GitHub-compatible fixture server for the REST API paths Quire uses, answering from the bare
// repositories of a local git server (read with `git` itself), with GitHub's CORS headers:
//   GET /repos/<o>/<r>/commits/<ref>             → { sha, commit: { tree: { sha } } }  (422 if no such ref)
//   GET /repos/<o>/<r>/git/trees/<sha>?recursive=1 → { sha, tree: [{ path, mode, type, sha, size }], truncated }
//   GET /raw/<o>/<r>/<sha>/<path>                  → the file's bytes (raw.githubusercontent.com's shape)
// It can also answer as GitHub does once the unauthenticated rate limit is used up (403,
// x-ratelimit-remaining 0), when its secondary rate limit trips (403 "You have exceeded a secondary
// rate limit…" with Retry-After: docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api),
// with a tree listing cut short ("truncated": true past 100,000 entries or 7 MB:
// docs.github.com/en/rest/git/trees), and as raw.githubusercontent.com does after rapid fetching
// (429 with Retry-After; GitHub's changelog of May 2025 on unauthenticated rate limits).
// A renamed repository (`rename`): the API answers its old name 301 Moved Permanently, Location
// `/repositories/<id>/…` and a JSON body { message, url, documentation_url } (docs.github.com/en/rest/
// using-the-rest-api/best-practices-for-using-the-rest-api#follow-redirects, and the repository-redirects
// announcement of 2015 on developer.github.com, which shows the /repositories/<id> form); raw files of the old
// name redirect to the new one ("Renaming a repository": everything but Pages sites is redirected). Unknown here:
// whether a redirect counts against the hourly limit (it does not in this stand-in).
// Gists (`/gists/<id>`, their raw files): e2e/servers/gist-api.ts, under the same limits.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { createFaultSwitch, type FaultSwitch } from './faults'
import { answerGist, GIST_LIMITS, isGistPath, isGistRawPath, type GistLimits } from './gist-api'

export interface GithubServer {
  url: string
  /** Base for Quire's `githubApiUrl`. */
  apiUrl: string
  /** Base for Quire's `githubRawUrl`. */
  rawUrl: string
  /** Every request path so far, for asserting how many calls a launch made. */
  requests: string[]
  /** `<path> <authorization header>` of requests that carried a token. */
  authorized: string[]
  /** After this many more API calls, answer 403 with `x-ratelimit-remaining: 0`; undefined = never. */
  limitAfter(calls: number | undefined, resetAt?: Date): void
  /** The next `calls` API calls meet the secondary rate limit, asking to wait `retryAfterSeconds`. */
  secondaryLimit(calls: number, retryAfterSeconds: number): void
  /** Tree listings come back with `truncated: true` and only their first `entries` entries; undefined = whole. */
  truncateTrees(entries: number | undefined): void
  /** After this many more raw file requests, raw answers 429 with Retry-After; undefined = never. */
  rawLimitAfter(requests: number | undefined, retryAfterSeconds?: number): void
  /** Per-path fault injection (e2e/servers/faults.ts), for the API and raw paths alike. */
  faults: FaultSwitch
  /** The gist API's cut-off points (e2e/servers/gist-api.ts); GitHub's by default. */
  gistLimits: GistLimits
  /** `from` (owner/repo) was renamed to `to`: its old name answers with GitHub's redirects. */
  rename(from: string, to: string): void
  stop(): Promise<void>
}

function git(args: string[], gitDir: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--git-dir', gitDir, ...args], {
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    })
    const out: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`git ${args.join(' ')} exited ${code}`)),
    )
  })
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*, accept, authorization',
  // GitHub's own list (api.github.com's Access-Control-Expose-Headers), Retry-After included.
  'access-control-expose-headers':
    'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, ' +
    'X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, ' +
    'X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset',
}

/** Serves the bare repositories under `gitRoot` (a GitServer's `root`), named `<owner>/<repo>.git`. */
export async function startGithubServer(gitRoot: string): Promise<GithubServer> {
  const requests: string[] = []
  const authorized: string[] = []
  let callsLeft: number | undefined
  let secondary = { calls: 0, retryAfter: 60 }
  let truncateAt: number | undefined
  let rawLimit: { left: number; retryAfter: number } | undefined
  let resetAt = new Date(Date.now() + 3600_000)
  const renamed = new Map<string, string>()
  const ids: string[] = []
  const idOf = (name: string) => (ids.includes(name) ? ids.indexOf(name) : ids.push(name) - 1) + 1000
  let base = ''
  const state = { gistLimits: { ...GIST_LIMITS } }

  const json = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) =>
    void res.writeHead(status, { ...CORS, 'content-type': 'application/json', ...extra }).end(JSON.stringify(body))

  /** GitHub's secondary, then hourly, limit; true when it answered the request. */
  function refusedByLimits(authorization: string | undefined, res: ServerResponse): boolean {
    if (secondary.calls > 0) {
      secondary.calls--
      json(
        res,
        403,
        {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: '403',
        },
        { 'retry-after': String(secondary.retryAfter) },
      )
      return true
    }
    // Authenticated calls have their own, larger allowance, as on GitHub.
    if (callsLeft !== undefined && !authorization && callsLeft-- <= 0) {
      const reset = String(Math.floor(resetAt.getTime() / 1000))
      json(
        res,
        403,
        { message: 'API rate limit exceeded for 127.0.0.1.' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
      )
      return true
    }
    return false
  }

  const faults = createFaultSwitch()
  const server = createServer(
    faults.wrap(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      requests.push(url.pathname + url.search)
      if (req.headers.authorization) authorized.push(`${url.pathname} ${req.headers.authorization}`)
      if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end()
      // /repositories/<id>/… is the repository of that id, whatever its name now.
      const byId = /^\/repositories\/(\d+)(\/.*)$/.exec(url.pathname)
      if (byId && ids[Number(byId[1]) - 1000]) url.pathname = `/repos/${ids[Number(byId[1]) - 1000]}${byId[2]}`
      const moved = /^\/(raw\/|repos\/)([^/]+\/[^/]+)(\/.*)$/.exec(url.pathname)
      const to = moved && renamed.get(moved[2])
      if (moved && to) {
        const location =
          moved[1] === 'raw/' ? `${base}/raw/${to}${moved[3]}` : `${base}/repositories/${idOf(to)}${moved[3]}`
        const body = {
          message: 'Moved Permanently',
          url: location,
          documentation_url:
            'https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects',
        }
        return json(res, 301, body, { location })
      }
      if (isGistPath(url.pathname)) {
        const isRaw = isGistRawPath(url.pathname)
        if (!isRaw && refusedByLimits(req.headers.authorization, res)) return
        const out = await answerGist(gitRoot, url.pathname, base, state.gistLimits)
        if (out.isRaw)
          return void res
            .writeHead(out.status, { ...CORS, 'content-type': 'text/plain; charset=utf-8' })
            .end(out.body as Buffer)
        return json(res, out.status, out.body)
      }
      const api = /^\/repos\/([^/]+)\/([^/]+)\/(commits\/(.+)|git\/trees\/([0-9a-f]{40}))$/.exec(url.pathname)
      const raw = /^\/raw\/([^/]+)\/([^/]+)\/([0-9a-f]{40})\/(.+)$/.exec(url.pathname)
      const [owner, repo] = (api ?? raw ?? []).slice(1, 3)
      const gitDir = owner ? join(gitRoot, owner, `${repo}.git`) : ''
      if (!gitDir || !existsSync(gitDir)) return json(res, 404, { message: 'Not Found' })
      try {
        if (raw && rawLimit) {
          if (rawLimit.left-- <= 0)
            return void res
              .writeHead(429, { ...CORS, 'retry-after': String(rawLimit.retryAfter), 'content-type': 'text/plain' })
              .end('429: Too Many Requests')
        }
        if (raw) {
          const body = await git(['cat-file', 'blob', `${raw[3]}:${decodeURIComponent(raw[4])}`], gitDir).catch(
            () => null,
          )
          if (!body) return void res.writeHead(404, CORS).end('404: Not Found')
          // raw.githubusercontent.com answers `Cache-Control: max-age=300` whatever the ref, a commit SHA included.
          return void res
            .writeHead(200, { ...CORS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'max-age=300' })
            .end(body)
        }
        if (refusedByLimits(req.headers.authorization, res)) return
        if (api?.[4]) {
          const ref = decodeURIComponent(api[4])
          const sha = (await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], gitDir).catch(() => null))
            ?.toString()
            .trim()
          if (!sha) return json(res, 422, { message: `No commit found for SHA: ${ref}` })
          const tree = (await git(['rev-parse', `${sha}^{tree}`], gitDir)).toString().trim()
          return json(res, 200, { sha, commit: { tree: { sha: tree } } })
        }
        const out = (await git(['ls-tree', '-r', '-t', '-l', api![5]], gitDir)).toString()
        const tree = out
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const [meta, path] = line.split('\t')
            const [mode, type, sha, size] = meta.split(/\s+/)
            return { path, mode, type, sha, ...(type === 'blob' ? { size: Number(size) } : {}) }
          })
        if (truncateAt !== undefined)
          return json(res, 200, { sha: api![5], tree: tree.slice(0, truncateAt), truncated: true })
        return json(res, 200, { sha: api![5], tree, truncated: false })
      } catch (e) {
        return json(res, 500, { message: String(e) })
      }
    }),
  )
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('github server: no TCP address')
  const url = `http://127.0.0.1:${address.port}`
  base = url
  return {
    url,
    apiUrl: url,
    rename(from, to) {
      renamed.set(from, to)
    },
    rawUrl: `${url}/raw`,
    get gistLimits() {
      return state.gistLimits
    },
    set gistLimits(l: GistLimits) {
      state.gistLimits = l
    },
    requests,
    authorized,
    faults,
    secondaryLimit(calls, retryAfterSeconds) {
      secondary = { calls, retryAfter: retryAfterSeconds }
    },
    truncateTrees(entries) {
      truncateAt = entries
    },
    rawLimitAfter(requests, retryAfterSeconds = 60) {
      rawLimit = requests === undefined ? undefined : { left: requests, retryAfter: retryAfterSeconds }
    },
    limitAfter(calls, at) {
      callsLeft = calls
      if (at) resetAt = at
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((ok) => server.close(() => ok()))
    },
  }
}
