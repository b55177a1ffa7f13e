// GitHub at classroom scale (issue 19): with no proxy configured, 30 launches of one branch link
// from one address open while GitHub's API stand-in allows 60 calls an hour, because the files come
// from jsDelivr's mirror and each launch spends at most one call (its ref lookup, shared between the
// tabs of one browser); the permanent link (a full SHA) opens 30 times with no API call at all.
// The launch pipeline is driven in Node, each launch with its own empty storage (a fresh browser).
import http from 'isomorphic-git/http/node'
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { startJsdelivrServer, type JsdelivrServer } from '../../e2e/servers/jsdelivr-server'
import type { QuireConfig } from '../config'
import { routesConfig } from './__fixtures__/routesConfig'
import { parseLaunchUrl } from '../launch'
import { AppError } from '../shared/errors'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { isBranchSnapshot } from './branchSnapshot'
import { checkUpstream, openRepo, type CommitRecord, type RepoRecord } from './openRepo'
import type { RepoSnapshot } from './types'
import type { CachedRef, RefCache } from './refCache'
import { sourceFor } from './sourceFor'

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname

let git: GitServer
let gh: GithubServer
let jsd: JsdelivrServer
let proxy: Server
let proxyUrl: string
let sha: string
/** The commit's time, which jsDelivr's listing gives every file of it. */
let commitTime: number
const roots: string[] = []

beforeAll(async () => {
  git = await startGitServer()
  ;({ sha } = await git.addRepo('teach/course', fixture))
  commitTime =
    1000 * Number(execFileSync('git', ['show', '-s', '--format=%ct', sha], { cwd: join(git.root, 'teach/course.git') }))
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
  jsd.branchVersion = 'name'
  jsd.branchCache.clear()
})

const config = (over: Partial<QuireConfig> = {}) => routesConfig(gh, jsd, over)

const memoryRefCache = (): RefCache => {
  const m = new Map<string, CachedRef>()
  return { get: async (k) => m.get(k), put: async (k, v) => void m.set(k, v) }
}

/** One launch in a fresh browser: empty storage; `refCache` is the browser's (shared by its tabs). */
async function launch(path: string, cfg: QuireConfig, refCache: RefCache = memoryRefCache()) {
  const b = await browser(path, cfg, refCache)
  try {
    return { snap: await b.open(), record: b.record(), routes: b.routes }
  } finally {
    await b.close()
  }
}

/** A browser whose storage outlives one launch: `open` launches, `check` is the upstream check of a reopen. */
async function browser(path: string, cfg: QuireConfig, refCache: RefCache = memoryRefCache(), fetchFn = fetch) {
  const root = await mkdtemp(join(tmpdir(), 'quire-class-'))
  roots.push(root)
  const fs = prefixedFs(root)
  const routes: string[] = []
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  const spec = parseLaunchUrl(path)
  const io = () => ({
    fs,
    demoBaseUrl: '',
    source: sourceFor(spec, cfg, {
      fs,
      http,
      fetch: fetchFn,
      refCache,
      onRoute: (e) => void routes.push(e.failed ? `${e.failed.route} → ${e.route}` : e.route),
    }),
    records: { get: async (k: string) => repos.get(k), put: async (r: RepoRecord) => void repos.set(r.key, r) },
    commits: { get: async (k: string) => commits.get(k), put: async (r: CommitRecord) => void commits.set(r.id, r) },
  })
  return {
    routes,
    open: () => openRepo(spec, io()),
    check: (opened: RepoSnapshot) => checkUpstream(spec, opened, io()),
    record: () => repos.get(spec.key),
    close: () => rm(root, { recursive: true, force: true }),
  }
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

  it('with the API limit already used up, 30 fresh browsers open the files jsDelivr has for the branch', async () => {
    gh.limitAfter(0)
    const ids = new Set<string>()
    for (let i = 0; i < 30; i++) {
      const { snap, record, routes } = await launch('/v2/gh/teach/course/main', config())
      // jsDelivr names the branch, not its commit: the copy is stored under an id that is no commit SHA.
      expect(isBranchSnapshot(snap.sha)).toBe(true)
      ids.add(snap.sha)
      expect(snap.files.map((f) => f.path)).toEqual(['README.md', 'a.ipynb', 'sub/b.ipynb'])
      // The header reads these: from jsDelivr, whose branch cache may lag GitHub 12 h, files of a commit made then.
      expect(record).toMatchObject({ route: 'jsdelivr', refLagSeconds: 12 * 3600, refFilesAt: commitTime })
      expect(record?.isRefPastTtl).toBeUndefined()
      expect(routes).toEqual(['github-api → jsdelivr'])
    }
    expect(ids.size).toBe(1)
    // Each browser asked GitHub once and was refused; nothing else went to GitHub.
    expect(gh.requests).toEqual(Array(30).fill('/repos/teach/course/commits/main'))
    expect(jsd.requests.filter((r) => r.endsWith('/+private-json'))).toHaveLength(30)
    expect(jsd.requests.filter((r) => r.startsWith('/cdn/gh/teach/course@main/')).length).toBe(30 * 4)
  })

  it('jsDelivr’s branch cache holding an older commit opens that commit’s files, as jsDelivr has them', async () => {
    const { sha: held } = await git.addRepo('teach/moving', fixture)
    await git.commitFiles('teach/moving', { 'README.md': '# newer\n' })
    jsd.branchCache.set('teach/moving@main', held)
    gh.limitAfter(0)
    const { snap, record } = await launch('/v2/gh/teach/moving/main', config())
    const readme = snap.files.find((f) => f.path === 'README.md')
    expect(new TextDecoder().decode(readme?.data)).not.toBe('# newer\n')
    expect(record?.refLagSeconds).toBe(12 * 3600)
    // Should jsDelivr name the commit it holds instead, that commit opens.
    jsd.branchVersion = 'commit'
    expect((await launch('/v2/gh/teach/moving/main', config())).snap.sha).toBe(held)
  })

  it('a branch’s answers, which the CDN lets the browser keep for a week, are revalidated: no copy older than 12 h', async () => {
    gh.limitAfter(0)
    const asked: string[] = []
    const recording: typeof fetch = (input, init) => {
      const u = String(input)
      if (u.includes('@main')) asked.push(`${init?.cache ?? 'default'} ${u.slice(u.indexOf('@main'))}`)
      return fetch(input, init)
    }
    const b = await browser('/v2/gh/teach/course/main', config(), memoryRefCache(), recording)
    expect(isBranchSnapshot((await b.open()).sha)).toBe(true)
    await b.close()
    expect(asked.sort()).toEqual(
      ['+private-json', 'README.md', 'a.ipynb', 'sub/b.ipynb'].map((p) => `no-cache @main/${p}`).sort(),
    )
  })

  it('a file of the branch that moved on jsDelivr while the copy was read fails it, naming jsDelivr’s change', async () => {
    const { sha: first } = await git.addRepo('teach/racing', fixture)
    await git.commitFiles('teach/racing', { 'a.ipynb': '{"cells": [], "nbformat": 4, "nbformat_minor": 5}\n' })
    jsd.branchCache.set('teach/racing@main', first)
    gh.limitAfter(0)
    jsd.faults.set({ match: '/cdn/gh/teach/racing@main/a.ipynb', mode: 'hold' })
    const opening = launch('/v2/gh/teach/racing/main', config()).catch((x: unknown) => x)
    await expect.poll(() => jsd.faults.hits.length).toBe(1)
    // The CDN's cache of the file expired and refilled from the branch's newer commit.
    jsd.branchCache.delete('teach/racing@main')
    jsd.faults.release()
    const e = await opening
    expect(e).toMatchObject({ code: 'REPO_UNREACHABLE' })
    expect((e as AppError).message).toMatch(/jsDelivr's copy of main changed while it was read/)
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
    // jsDelivr knows no such branch (404 "Couldn't find the requested release version …"): it cannot say either.
    const e = await launch('/v2/gh/teach/course/nobranch', config({ corsProxy: proxyUrl })).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('GITHUB_RATE_LIMITED')
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
    jsd.faults.set({ match: '/+private-json', mode: 'status', status: 404 })
    const e = await launch('/v2/gh/teach/course/main', config(), shared).catch((x: unknown) => x)
    expect(e).toMatchObject({ code: 'GITHUB_RATE_LIMITED' })
    const never = await launch('/v2/gh/teach/course/main', config({ refStaleSeconds: 0 }), (await lookedUp(1)).shared)
      .then(() => 'opened')
      .catch((x: unknown) => (x instanceof AppError ? x.code : String(x)))
    expect(never).toBe('GITHUB_RATE_LIMITED')
  })

  it('jsDelivr’s copy reopened once GitHub answers again: the same files are that commit, and the record says so', async () => {
    gh.limitAfter(0)
    const b = await browser('/v2/gh/teach/course/main', config({ refCacheSeconds: 0 }))
    const copy = await b.open()
    expect(isBranchSnapshot(copy.sha)).toBe(true)
    gh.limitAfter(60)
    const reopened = await b.open()
    expect(reopened).toMatchObject({ sha: copy.sha, isRefUnchecked: true })
    expect(await b.check(reopened)).toEqual({ kind: 'current' })
    expect(b.record()).toMatchObject({ sha, route: 'jsdelivr' })
    expect(b.record()?.refLagSeconds).toBeUndefined()
    expect((await b.open()).sha).toBe(sha)
    await b.close()
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
