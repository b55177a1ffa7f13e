// A class pack together with jsDelivr's copy of a branch whose commit is unknown (issue 19): a browser that opened
// `main` as jsDelivr's cache has it (GitHub's API limited), then the teacher's pack of `main`; and a pack that lacks
// the branch. Real local servers: git, GitHub's API and jsDelivr's stand-ins, and the pack's static files served as a
// site serves them (scripts/serve.mjs), laid out as `quire pack` writes them (src/cli/pack.ts).
import http from 'isomorphic-git/http/node'
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { startStaticServer } from '../../scripts/serve.mjs'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { startJsdelivrServer, type JsdelivrServer } from '../../e2e/servers/jsdelivr-server'
import type { QuireConfig } from '../config'
import { routesConfig } from './__fixtures__/routesConfig'
import { parseLaunchUrl } from '../launch'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { isBranchSnapshot } from './branchSnapshot'
import { checkUpstream, openRepo, type CommitRecord, type RepoRecord } from './openRepo'
import type { RepoSnapshot } from './types'
import { sourceFor } from './sourceFor'

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname
const root = mkdtempSync(join(tmpdir(), 'quire-pack-copy-'))
let git: GitServer
let gh: GithubServer
let jsd: JsdelivrServer
let site: Server
let siteUrl: string
let sha: string

const filesOf = (dir: string, prefix = ''): string[] =>
  readdirSync(join(dir, prefix)).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e}` : e
    return statSync(join(dir, rel)).isDirectory() ? filesOf(dir, rel) : [rel]
  })

/** A pack of `repo` at `main` (the fixture's files, and `extra`) in `<root>/<name>`, as `quire pack` lays one out. */
function writePack(name: string, repo: string, commit: string, extra: Record<string, string> = {}) {
  const dir = join(root, name)
  cpSync(fixture, join(dir, 'repos', 'course'), { recursive: true })
  for (const [p, text] of Object.entries(extra)) writeFileSync(join(dir, 'repos', 'course', p), text)
  const files = filesOf(join(dir, 'repos', 'course'))
  writeFileSync(join(dir, 'repos', 'course', 'manifest.json'), JSON.stringify({ sha: commit, files, links: [] }))
  const entry = { spec: { provider: 'gh', repo }, refs: ['main', 'HEAD'], sha: commit, name: 'course' }
  writeFileSync(join(dir, 'pack.json'), JSON.stringify({ repos: [entry] }))
  return `${siteUrl}/${name}`
}

beforeAll(async () => {
  git = await startGitServer()
  ;({ sha } = await git.addRepo('teach/course', fixture))
  gh = await startGithubServer(git.root)
  jsd = await startJsdelivrServer(git.root)
  site = (await startStaticServer({ root, port: 0 })) as Server
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`
})
afterAll(async () => {
  site.close()
  await jsd.stop()
  await gh.stop()
  await git.stop()
  rmSync(root, { recursive: true, force: true })
})
beforeEach(() => {
  gh.requests.length = 0
  jsd.requests.length = 0
  // GitHub's API allows this network no more calls this hour.
  gh.limitAfter(0)
})

const config = (over: Partial<QuireConfig> = {}) => routesConfig(gh, jsd, over)

/** One browser's storage; each launch reads the configuration it is given (a pack's config.json may come later). */
function browser(path: string) {
  const fs = prefixedFs(mkdtempSync(join(root, 'browser-')))
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  const spec = parseLaunchUrl(path)
  const routes: string[] = []
  const io = (cfg: QuireConfig) => ({
    fs,
    demoBaseUrl: '',
    source: sourceFor(spec, cfg, {
      fs,
      http,
      fetch,
      onRoute: (e) => void routes.push(e.failed ? `${e.failed.route} → ${e.route}` : e.route),
    }),
    records: { get: async (k: string) => repos.get(k), put: async (r: RepoRecord) => void repos.set(r.key, r) },
    commits: { get: async (k: string) => commits.get(k), put: async (r: CommitRecord) => void commits.set(r.id, r) },
  })
  return {
    routes,
    open: (cfg: QuireConfig) => openRepo(spec, io(cfg)),
    check: (opened: RepoSnapshot, cfg: QuireConfig) => checkUpstream(spec, opened, io(cfg)),
    record: () => repos.get(spec.key),
  }
}

it('a branch copy of unknown commit, then the class pack of that branch: the reopen names the pack’s commit', async () => {
  const b = browser('/v2/gh/teach/course/main')
  const copy = await b.open(config())
  expect(isBranchSnapshot(copy.sha)).toBe(true)
  expect(b.record()).toMatchObject({ route: 'jsdelivr', refLagSeconds: 12 * 3600 })

  // The teacher deploys a pack of main; the reopen shows the stored copy at once, the check asks the pack.
  const packUrl = writePack('pack-main', 'teach/course', sha)
  const withPack = config({ packUrl })
  const again = await b.open(withPack)
  expect(again).toMatchObject({ sha: copy.sha, isFromCache: true, isRefUnchecked: true })
  gh.requests.length = 0
  jsd.requests.length = 0
  expect(await b.check(again, withPack)).toEqual({ kind: 'current' })
  // Same files: the record is that commit now, from the pack, with no lag to report and no GitHub or jsDelivr call.
  const rec = b.record()
  expect(rec).toMatchObject({ sha, route: 'pack' })
  expect(rec?.refLagSeconds).toBeUndefined()
  expect(rec?.refFilesAt).toBeUndefined()
  expect(gh.requests).toEqual([])
  expect(jsd.requests).toEqual([])
  const third = await b.open(withPack)
  expect(third).toMatchObject({ sha, isFromCache: true })
})

it('a pack that lacks the branch: the branch opens as jsDelivr’s cache has it, said to be of unknown commit', async () => {
  const packUrl = writePack('pack-other', 'teach/other', sha)
  const b = browser('/v2/gh/teach/course/main')
  const snap = await b.open(config({ packUrl }))
  expect(isBranchSnapshot(snap.sha)).toBe(true)
  expect(b.record()).toMatchObject({ route: 'jsdelivr', refLagSeconds: 12 * 3600 })
  // The launch log: GitHub refused the lookup, so jsDelivr's cache answered (never "jsdelivr → jsdelivr").
  expect(b.routes).toEqual(['github-api → jsdelivr', 'jsdelivr'])
})

it('a branch copy, then a pack of a later commit of the branch: the reopen offers that commit, naming what changed', async () => {
  await git.addRepo('teach/later', fixture)
  const b = browser('/v2/gh/teach/later/main')
  const copy = await b.open(config())
  expect(isBranchSnapshot(copy.sha)).toBe(true)
  const later = await git.commitFiles('teach/later', { 'week2.txt': 'next week\n' })
  const withPack = config({ packUrl: writePack('pack-later', 'teach/later', later, { 'week2.txt': 'next week\n' }) })
  const again = await b.open(withPack)
  const checked = await b.check(again, withPack)
  expect(checked).toMatchObject({ kind: 'moved', change: { sha: later, changed: [{ path: 'week2.txt' }] } })
  // Until the user chooses, the copy stays what opens, still said to be jsDelivr's.
  expect(b.record()).toMatchObject({ sha: copy.sha, route: 'jsdelivr' })
})
