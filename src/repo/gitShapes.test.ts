// Repositories as git really has them: symbolic links (dangling, absolute, a loop to their own
// folder) and submodules (public, private), through each route (git, the deployer's proxy, GitHub's API, jsDelivr),
// against the real local git server, the GitHub API and jsDelivr stand-ins and Quire's own proxy. Before the fix,
// the dangling link made reading the checkout fail and the launch ended in STORAGE_FAILED.
import http from 'isomorphic-git/http/node'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { startJsdelivrServer, type JsdelivrServer } from '../../e2e/servers/jsdelivr-server'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createProxyHandler, DEFAULT_ALLOW, memoryProxyCache } from '../proxy/handler'
import { serveProxy } from '../proxy/nodeServer'
import { defaultConfig, type QuireConfig } from '../config'
import { parseLaunchUrl, type LaunchSpec } from '../launch'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { isBranchSnapshot } from './branchSnapshot'
import { openRepo, type CommitRecord, type RepoRecord } from './openRepo'
import { sourceFor } from './sourceFor'

const fixture = (name: string) => new URL(`../../e2e/fixtures/repos/${name}`, import.meta.url).pathname

let git: GitServer
let gh: GithubServer
let jsd: JsdelivrServer
let proxy: Server
let proxyUrl: string
let shapesSha: string
const roots: string[] = []
let gitUrl: string

/** The repository of the issue: links of every kind, a public submodule and a private one. */
async function shapes(name: string, publicSubUrl: string, privateSubUrl: string, subSha: string) {
  const { cloneUrl } = await git.addRepo(name, fixture('two-notebooks'))
  await git.commitSymlinks(name, {
    'data/big.csv': '../../outside/big.csv',
    'abs.txt': '/etc/hostname',
    loop: '.',
    'notes.md': 'README.md',
  })
  await git.commitSubmodule(name, 'vendor/lib', { url: publicSubUrl, sha: subSha })
  const sha = await git.commitSubmodule(name, 'vendor/secret', { url: privateSubUrl, sha: subSha })
  return { cloneUrl, sha }
}

let subSha: string
beforeAll(async () => {
  git = await startGitServer()
  gh = await startGithubServer(git.root)
  ;({ sha: subSha } = await git.addRepo('o/lib', fixture('csv-repo')))
  ;({ cloneUrl: gitUrl } = await shapes('plain', `${git.url}/o/lib.git`, `${git.url}/o/missing.git`, subSha))
  ;({ sha: shapesSha } = await shapes('o/shapes', 'https://github.com/o/lib.git', '../private.git', subSha))
  jsd = await startJsdelivrServer(git.root)
  // The deployer's proxy (npx quire proxy's handler), whose "github.com" is the local git server.
  const handler = createProxyHandler({
    allow: DEFAULT_ALLOW,
    upstreamOf: (h) => (h === 'github.com' ? git.url : 'http://127.0.0.1:9'),
    cache: memoryProxyCache(),
    maxRequestBytes: 64 * 1024,
  })
  proxy = await serveProxy(handler, 0, '127.0.0.1')
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})
afterAll(async () => {
  proxy.closeAllConnections()
  await new Promise<void>((ok) => proxy.close(() => ok()))
  await jsd.stop()
  await gh.stop()
  await git.stop()
  for (const r of roots) await rm(r, { recursive: true, force: true })
})

async function open(spec: LaunchSpec, config: QuireConfig) {
  const root = await mkdtemp(join(tmpdir(), 'quire-shapes-'))
  roots.push(root)
  const fs = prefixedFs(root)
  const skipped: string[] = []
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  const io = {
    fs,
    demoBaseUrl: '',
    source: sourceFor(spec, config, {
      fs,
      http,
      fetch,
      onSubmoduleSkipped: (path: string) => void skipped.push(path),
    }),
    records: { get: async (k: string) => repos.get(k), put: async (r: RepoRecord) => void repos.set(r.key, r) },
    commits: { get: async (k: string) => commits.get(k), put: async (r: CommitRecord) => void commits.set(r.id, r) },
  }
  const snap = await openRepo(spec, io)
  return { snap, skipped, record: repos.get(spec.key), again: () => openRepo(spec, io) }
}

function expectShapes(got: Awaited<ReturnType<typeof open>>) {
  const paths = got.snap.files.map((f) => f.path)
  expect(paths).toEqual(expect.arrayContaining(['a.ipynb', 'vendor/lib/analysis.ipynb', 'vendor/lib/data/x.csv']))
  expect(paths.some((p) => p.startsWith('vendor/secret'))).toBe(false)
  expect(got.snap.links).toEqual([
    { path: 'loop', target: '.' },
    { path: 'notes.md', target: 'README.md' },
  ])
  expect(got.snap.brokenLinks).toEqual(['abs.txt → /etc/hostname', 'data/big.csv → ../../outside/big.csv'])
  expect(got.snap.missingSubmodules).toEqual(['vendor/secret'])
  expect(got.skipped).toEqual(['vendor/secret'])
  // The header reads these from the record.
  expect(got.record).toMatchObject({ brokenLinks: got.snap.brokenLinks, missingSubmodules: ['vendor/secret'] })
}

describe('symlinks and submodules', () => {
  it('over git smart-HTTP: links kept as links, the public submodule fetched, the private one named', async () => {
    const config = defaultConfig('http://app.test')
    const got = await open(parseLaunchUrl(`/v2/git/${encodeURIComponent(gitUrl)}/main`), config)
    expectShapes(got)
    expect(got.record?.route).toBe('git')
    expect(got.record?.linksAsFiles).toEqual([])
    // Reopened from storage: the same links and gaps, read back without following anything.
    const again = await got.again()
    expect(again.isFromCache).toBe(true)
    expect(again.links).toEqual(got.snap.links)
    expect(again.brokenLinks).toEqual(got.snap.brokenLinks)
    expect(again.missingSubmodules).toEqual(['vendor/secret'])
  })

  it('over GitHub’s API and raw files: the same checkout, the submodule through the same route', async () => {
    const config = {
      ...defaultConfig('http://app.test'),
      corsProxy: '',
      githubRoutes: ['github-api' as const],
      githubApiUrl: gh.apiUrl,
      githubRawUrl: gh.rawUrl,
    }
    const got = await open(parseLaunchUrl('/v2/gh/o/shapes/main'), config)
    expectShapes(got)
    expect(got.record?.route).toBe('github-api')
    expect(got.record?.linksAsFiles).toEqual([])
    expect(gh.requests.some((r) => r.startsWith('/repos/o/lib/commits/'))).toBe(true)
  })
})

describe('symlinks and submodules through the other gh routes', () => {
  it('through the deployer’s proxy (git smart-HTTP): links kept as links, the public submodule fetched', async () => {
    const config = { ...defaultConfig('http://app.test'), corsProxy: proxyUrl, githubRoutes: ['proxy' as const] }
    const got = await open(parseLaunchUrl('/v2/gh/o/shapes/main'), config)
    expectShapes(got)
    expect(got.record?.route).toBe('proxy')
    expect(got.record?.linksAsFiles).toEqual([])
  })

  const viaJsdelivr = () => ({
    ...defaultConfig('http://app.test'),
    corsProxy: '',
    githubRoutes: ['jsdelivr' as const],
    jsdelivrDataUrl: jsd.dataUrl,
    jsdelivrCdnUrl: jsd.cdnUrl,
  })
  // What jsDelivr answers for a link (e2e/servers/jsdelivr-server.ts's header): a file holding the target's path.
  const asFiles = [
    'abs.txt → /etc/hostname',
    'data/big.csv → ../../outside/big.csv',
    'loop → .',
    'notes.md → README.md',
  ]

  it('through jsDelivr: each link arrives as a file holding its target, named for the header; submodules named', async () => {
    const got = await open(parseLaunchUrl(`/v2/gh/o/shapes/${shapesSha}`), viaJsdelivr())
    expect(got.record?.route).toBe('jsdelivr')
    const text = (p: string) => new TextDecoder().decode(got.snap.files.find((f) => f.path === p)?.data)
    expect(text('data/big.csv')).toBe('../../outside/big.csv')
    expect(text('loop')).toBe('.')
    expect(got.snap.links).toEqual([])
    expect(got.snap.brokenLinks).toEqual([])
    expect(got.snap.linksAsFiles).toEqual(asFiles)
    // jsDelivr's listing names no gitlink, so neither submodule is fetched; .gitmodules names both.
    expect(got.snap.missingSubmodules).toEqual(['vendor/lib', 'vendor/secret'])
    expect(got.record).toMatchObject({ linksAsFiles: asFiles, missingSubmodules: ['vendor/lib', 'vendor/secret'] })
    // Reopened from storage: still named, since the stored commit says which route brought it.
    const again = await got.again()
    expect(again.isFromCache).toBe(true)
    expect(again.linksAsFiles).toEqual(asFiles)
  })

  it('through jsDelivr’s copy of a branch (GitHub’s API limited, commit unknown): the same links named', async () => {
    gh.limitAfter(0)
    try {
      const got = await open(parseLaunchUrl('/v2/gh/o/shapes/main'), {
        ...viaJsdelivr(),
        githubRoutes: ['jsdelivr' as const, 'github-api' as const],
        githubApiUrl: gh.apiUrl,
        githubRawUrl: gh.rawUrl,
      })
      expect(isBranchSnapshot(got.snap.sha)).toBe(true)
      expect(got.record).toMatchObject({ route: 'jsdelivr', linksAsFiles: asFiles })
    } finally {
      gh.limitAfter(undefined)
    }
  })

  it('through jsDelivr, if its listing left links out: nothing is taken for a link', async () => {
    jsd.linksAs = 'absent'
    try {
      await git.addRepo('o/absent', fixture('two-notebooks'))
      const linked = await git.commitSymlinks('o/absent', { 'notes.md': 'README.md' })
      const got = await open(parseLaunchUrl(`/v2/gh/o/absent/${linked}`), viaJsdelivr())
      expect(got.snap.files.map((f) => f.path)).not.toContain('notes.md')
      expect(got.snap.linksAsFiles).toEqual([])
      expect(jsd.requests.some((r) => r.endsWith(`@${linked}/notes.md`))).toBe(false)
    } finally {
      jsd.linksAs = 'files'
    }
  })
})
