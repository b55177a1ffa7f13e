// GitHub at classroom scale (issue 19): with no proxy configured, 30 launches of one branch link
// from one address open while GitHub's API stand-in allows 60 calls an hour, because the files come
// from jsDelivr's mirror and each launch spends at most one call (its ref lookup, shared between the
// tabs of one browser); the permanent link (a full SHA) opens 30 times with no API call at all.
// The launch pipeline is driven in Node, each launch with its own empty storage (a fresh browser).
import http from 'isomorphic-git/http/node'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { startJsdelivrServer, type JsdelivrServer } from '../../e2e/servers/jsdelivr-server'
import { defaultConfig, type QuireConfig } from '../config'
import { parseLaunchUrl } from '../launch'
import { AppError } from '../shared/errors'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { openRepo, type CommitRecord, type RepoRecord } from './openRepo'
import type { CachedRef, RefCache } from './refCache'
import { sourceFor } from './sourceFor'

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname

let git: GitServer
let gh: GithubServer
let jsd: JsdelivrServer
let proxy: Server
let proxyUrl: string
let sha: string
const roots: string[] = []

beforeAll(async () => {
  git = await startGitServer()
  ;({ sha } = await git.addRepo('teach/course', fixture))
  gh = await startGithubServer(git.root)
  jsd = await startJsdelivrServer(git.root)
  // A CORS proxy that passes GitHub's refusal through, as cors.isomorphic-git.org does behind Cloudflare's rules.
  proxy = createServer((req, res) => {
    res.writeHead(req.method === 'OPTIONS' ? 204 : 403, { 'access-control-allow-origin': '*' }).end('Forbidden')
  })
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok))
  const a = proxy.address()
  proxyUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
})
afterAll(async () => {
  await new Promise<void>((ok) => proxy.close(() => ok()))
  await jsd.stop()
  await gh.stop()
  await git.stop()
  for (const r of roots) await rm(r, { recursive: true, force: true })
})
beforeEach(() => {
  gh.secondaryLimit(0, 0)
  gh.truncateTrees(undefined)
  gh.rawLimitAfter(undefined)
  gh.requests.length = 0
  jsd.requests.length = 0
  gh.limitAfter(60)
  jsd.faults.clear()
  jsd.branchVersion = 'commit'
  jsd.branchCache.clear()
})

const config = (over: Partial<QuireConfig> = {}): QuireConfig => ({
  ...defaultConfig('http://app.test'),
  corsProxy: '',
  githubApiUrl: gh.apiUrl,
  githubRawUrl: gh.rawUrl,
  jsdelivrDataUrl: jsd.dataUrl,
  jsdelivrCdnUrl: jsd.cdnUrl,
  ...over,
})

const memoryRefCache = (): RefCache => {
  const m = new Map<string, CachedRef>()
  return { get: async (k) => m.get(k), put: async (k, v) => void m.set(k, v) }
}

/** One launch in a fresh browser: empty storage; `refCache` is the browser's (shared by its tabs). */
async function launch(path: string, cfg: QuireConfig, refCache: RefCache = memoryRefCache()) {
  const root = await mkdtemp(join(tmpdir(), 'quire-class-'))
  roots.push(root)
  const fs = prefixedFs(root)
  const routes: string[] = []
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  const spec = parseLaunchUrl(path)
  const snap = await openRepo(spec, {
    fs,
    demoBaseUrl: '',
    source: sourceFor(spec, cfg, {
      fs,
      http,
      fetch,
      refCache,
      onRoute: (e) => void routes.push(e.failed ? `${e.failed.route} → ${e.route}` : e.route),
    }),
    records: { get: async (k) => repos.get(k), put: async (r) => void repos.set(r.key, r) },
    commits: { get: async (k) => commits.get(k), put: async (r) => void commits.set(r.id, r) },
  })
  await rm(root, { recursive: true, force: true })
  return { snap, record: repos.get(spec.key), routes }
}

const apiCalls = () => gh.requests.filter((r) => r.startsWith('/repos/')).length

describe('a class of 30 on one address, no proxy, the API allowing 60 calls', () => {
  it('30 fresh browsers open the branch link: one API call each, every file from jsDelivr', async () => {
    for (let i = 0; i < 30; i++) {
      const { snap, record } = await launch('/v2/gh/teach/course/main', config())
      expect(snap.sha).toBe(sha)
      expect(snap.files.map((f) => f.path)).toEqual(['README.md', 'a.ipynb', 'sub/b.ipynb'])
      expect(record?.route).toBe('jsdelivr')
    }
    expect(apiCalls()).toBe(30)
    expect(gh.requests.filter((r) => r.startsWith('/raw/'))).toEqual([])
  })

  it('tabs of one browser share the lookup: 30 launches, one API call', async () => {
    const shared = memoryRefCache()
    for (let i = 0; i < 30; i++) expect((await launch('/v2/gh/teach/course/main', config(), shared)).snap.sha).toBe(sha)
    expect(apiCalls()).toBe(1)
  })

  it('with the API limit already used up, 30 fresh browsers open it from jsDelivr’s branch cache, said to lag', async () => {
    gh.limitAfter(0)
    for (let i = 0; i < 30; i++) {
      const { snap, record, routes } = await launch('/v2/gh/teach/course/main', config())
      expect(snap.sha).toBe(sha)
      expect(snap.files.map((f) => f.path)).toEqual(['README.md', 'a.ipynb', 'sub/b.ipynb'])
      // The header reads these: the files came from jsDelivr, whose branch cache may be 12 h behind GitHub.
      expect(record).toMatchObject({ route: 'jsdelivr', refLagSeconds: 12 * 3600 })
      expect(record?.isRefPastTtl).toBeUndefined()
      expect(routes).toEqual(['github-api → jsdelivr'])
    }
    // Each browser asked GitHub once and was refused; nothing else went to GitHub.
    expect(gh.requests).toEqual(Array(30).fill('/repos/teach/course/commits/main'))
    expect(jsd.requests.filter((r) => r.endsWith('/+private-json'))).toHaveLength(30)
  })

  it('jsDelivr’s branch cache holding an older commit opens that commit, as jsDelivr has it', async () => {
    const { sha: held } = await git.addRepo('teach/moving', fixture)
    const now = await git.commitFiles('teach/moving', { 'README.md': '# newer\n' })
    jsd.branchCache.set('teach/moving@main', held)
    gh.limitAfter(0)
    const { snap, record } = await launch('/v2/gh/teach/moving/main', config())
    expect(snap.sha).toBe(held)
    expect(snap.sha).not.toBe(now)
    expect(record?.refLagSeconds).toBe(12 * 3600)
  })

  it('the permanent link opens 30 times with no API call, even with the API limit used up', async () => {
    gh.limitAfter(0)
    for (let i = 0; i < 30; i++) expect((await launch(`/v2/gh/teach/course/${sha}`, config())).snap.sha).toBe(sha)
    expect(gh.requests).toEqual([])
  })
})

describe('routes tried in order', () => {
  it('a proxy passing GitHub’s 403 through moves on to jsDelivr, and the log says so', async () => {
    const { snap, record, routes } = await launch('/v2/gh/teach/course/main', config({ corsProxy: proxyUrl }))
    expect(snap.sha).toBe(sha)
    expect(record?.route).toBe('jsdelivr')
    // The lookup: the proxy refused, GitHub's API answered; the files: jsDelivr.
    expect(routes).toEqual(['proxy → github-api', 'jsdelivr'])
  })

  it('jsDelivr failing (503) moves on to GitHub’s API and raw files', async () => {
    jsd.faults.set({ match: '/', mode: 'status', status: 503 })
    const { snap, record } = await launch(`/v2/gh/teach/course/${sha}`, config({ networkTimeoutMs: 2000 }))
    expect(snap.sha).toBe(sha)
    expect(record?.route).toBe('github-api')
  })

  it('a repository jsDelivr refuses as too large (its 50 MB cap) comes from the API instead', async () => {
    jsd.maxBytes = 10
    try {
      const { record } = await launch(`/v2/gh/teach/course/${sha}`, config())
      expect(record?.route).toBe('github-api')
    } finally {
      jsd.maxBytes = 50 * 1024 * 1024
    }
  })

  it('a branch with every lookup route refused ends as the API says: GITHUB_RATE_LIMITED', async () => {
    gh.limitAfter(0)
    // jsDelivr's description names the branch, not a commit: it cannot say where the branch points either.
    jsd.branchVersion = 'name'
    const e = await launch('/v2/gh/teach/course/main', config({ corsProxy: proxyUrl })).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('GITHUB_RATE_LIMITED')
    jsd.branchVersion = 'commit'
    jsd.faults.set({ match: '/cdn/', mode: 'status', status: 503 })
    const down = await launch('/v2/gh/teach/course/main', config({ networkTimeoutMs: 2000 })).catch((x: unknown) => x)
    expect(down).toMatchObject({ code: 'GITHUB_RATE_LIMITED' })
  })
})

describe('a renamed repository', () => {
  it('opens by its old name: GitHub’s API and raw files redirect it (301), and fetch follows', async () => {
    gh.rename('teach/old-course', 'teach/course')
    const { snap, record } = await launch('/v2/gh/teach/old-course/main', config())
    expect(snap.sha).toBe(sha)
    expect(snap.files.map((f) => f.path)).toEqual(['README.md', 'a.ipynb', 'sub/b.ipynb'])
    // jsDelivr's stand-in does not know the old name (how jsDelivr treats a rename is unknown): the API route serves.
    expect(record?.route).toBe('github-api')
    expect(gh.requests).toContain('/repos/teach/old-course/commits/main')
    expect(gh.requests.some((r) => /^\/repositories\/\d+\/commits\/main$/.test(r))).toBe(true)
    expect(gh.requests.some((r) => r.startsWith('/raw/teach/course/'))).toBe(true)
  })
})

describe('GitHub’s own answers on the API route', () => {
  const apiOnly = () => config({ githubRoutes: ['github-api'] })

  it('a secondary rate limit (403 with Retry-After) is waited out and retried, and the commit opens', async () => {
    gh.secondaryLimit(1, 1)
    const { snap } = await launch('/v2/gh/teach/course/main', apiOnly())
    expect(snap.sha).toBe(sha)
    // The refused lookup, then the same lookup again after the wait.
    expect(gh.requests.filter((r) => r === '/repos/teach/course/commits/main')).toHaveLength(2)
  })

  it('a tree GitHub truncates says so: REPO_TOO_LARGE, marked truncated', async () => {
    gh.truncateTrees(1)
    const e = await launch(`/v2/gh/teach/course/${sha}`, apiOnly()).catch((x: unknown) => x)
    expect(e).toMatchObject({ code: 'REPO_TOO_LARGE', data: { truncated: true } })
    expect((e as Error).message).toMatch(/truncated the file listing/)
  })

  it('raw files limited (429 after rapid fetching) do not matter while jsDelivr serves the bodies', async () => {
    gh.rawLimitAfter(0, 1)
    const { record } = await launch('/v2/gh/teach/course/main', config())
    expect(record?.route).toBe('jsdelivr')
    const e = await launch('/v2/gh/teach/course/main', config({ githubRoutes: ['github-api'], networkTimeoutMs: 2000 }))
      .then(() => 'opened')
      .catch((x: unknown) => (x instanceof AppError ? `${x.code} ${String(x.data.detail)}` : String(x)))
    expect(e).toBe('REPO_UNREACHABLE HTTP 429')
  })
})

describe('GitHub’s API limited and nothing stored', () => {
  const lookedUp = async (hoursAgo: number, repo = 'teach/course') => {
    const shared = memoryRefCache()
    const at = Date.now() - hoursAgo * 3600_000
    await shared.put(`gh:${repo}@main`, { ref: { kind: 'ref', name: 'main', sha }, at })
    return { shared, at }
  }

  it('where the branch pointed 3 h ago (this browser asked then) opens through jsDelivr, marked that old', async () => {
    const { shared, at } = await lookedUp(3)
    gh.limitAfter(0)
    const { snap, record } = await launch('/v2/gh/teach/course/main', config(), shared)
    expect(snap.sha).toBe(sha)
    // The API was asked and refused; the files came from jsDelivr; the header reads the age from the record.
    expect(gh.requests).toEqual(['/repos/teach/course/commits/main'])
    expect(record).toMatchObject({ route: 'jsdelivr', refAskedAt: at, isRefPastTtl: true })
  })

  it('a lookup older than refStaleSeconds is not used: jsDelivr’s branch cache, else the limit, is the answer', async () => {
    const { shared } = await lookedUp(13)
    gh.limitAfter(0)
    const { record } = await launch('/v2/gh/teach/course/main', config(), shared)
    expect(record).toMatchObject({ route: 'jsdelivr', refLagSeconds: 12 * 3600 })
    expect(record?.refAskedAt).toBeUndefined()
    jsd.branchVersion = 'name'
    const e = await launch('/v2/gh/teach/course/main', config(), shared).catch((x: unknown) => x)
    expect(e).toMatchObject({ code: 'GITHUB_RATE_LIMITED' })
    const never = await launch('/v2/gh/teach/course/main', config({ refStaleSeconds: 0 }), (await lookedUp(1)).shared)
      .then(() => 'opened')
      .catch((x: unknown) => (x instanceof AppError ? x.code : String(x)))
    expect(never).toBe('GITHUB_RATE_LIMITED')
  })

  it('a fresh answer within refCacheSeconds is no past-time reuse; a repository GitHub says is gone never opens', async () => {
    const { shared } = await lookedUp(0)
    const { record } = await launch('/v2/gh/teach/course/main', config(), shared)
    expect(record?.isRefPastTtl).toBeUndefined()
    expect(gh.requests).toEqual([])
    const gone = await launch('/v2/gh/teach/gone/main', config(), (await lookedUp(1, 'teach/gone')).shared).catch(
      (x: unknown) => x,
    )
    expect(gone).toMatchObject({ code: 'REPO_NOT_FOUND' })
  })
})
