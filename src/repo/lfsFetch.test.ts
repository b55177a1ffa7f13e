// Git LFS files through git-lfs's Batch API (its stand-in: e2e/servers/lfs-server.ts), at the endpoint git-lfs
// would use: a stored object replaces its pointer (checked against its sha256), a missing one stays a pointer,
// named in the header and, with why, in the log; an LFS server a browser cannot reach says it needs a proxy.
// Through each gh route: git over the deployer's proxy (its Batch API call too), jsDelivr, GitHub's API.
import http from 'isomorphic-git/http/node'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createProxyHandler, DEFAULT_ALLOW, memoryProxyCache } from '../proxy/handler'
import { serveProxy } from '../proxy/nodeServer'
import { startJsdelivrServer, type JsdelivrServer } from '../../e2e/servers/jsdelivr-server'
import { startLfsServer, type LfsServer } from '../../e2e/servers/lfs-server'
import { defaultConfig, mergeConfig } from '../config'
import { parseLaunchUrl } from '../launch'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { lfsEndpoint } from './lfsFetch'
import { openRepo, type CommitRecord, type RepoRecord } from './openRepo'
import { sourceFor } from './sourceFor'

describe('lfsEndpoint: where git-lfs would ask', () => {
  it('the clone URL’s info/lfs, or the url of .lfsconfig’s [lfs] section', () => {
    expect(lfsEndpoint('https://github.com/o/r.git')).toBe('https://github.com/o/r.git/info/lfs')
    expect(lfsEndpoint('https://git.example/o/r')).toBe('https://git.example/o/r.git/info/lfs')
    expect(lfsEndpoint('https://github.com/o/r.git', '[lfs]\n\turl = https://lfs.example/o/r/\n')).toBe(
      'https://lfs.example/o/r',
    )
    expect(lfsEndpoint('https://github.com/o/r.git', '[core]\n\turl = https://not-lfs.example\n')).toBe(
      'https://github.com/o/r.git/info/lfs',
    )
  })
})

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname
const csv = new TextEncoder().encode('x,y\n1,2\n3,4\n')
let git: GitServer
let gh: GithubServer
let lfs: LfsServer
let jsd: JsdelivrServer
let dataSha: string
let root: string
beforeAll(async () => {
  git = await startGitServer()
  lfs = await startLfsServer()
  gh = await startGithubServer(git.root)
  root = await mkdtemp(join(tmpdir(), 'quire-lfs-'))
  await git.addRepo('lab/data', fixture)
  const stored = lfs.addObject(csv)
  const missing = `version https://git-lfs.github.com/spec/v1\noid sha256:${'0'.repeat(64)}\nsize 10\n`
  jsd = await startJsdelivrServer(git.root)
  dataSha = await git.commitFiles('lab/data', {
    '.lfsconfig': `[lfs]\n\turl = ${lfs.endpoint}\n`,
    'data/table.csv': stored.pointer,
    'data/missing.csv': missing,
  })
})
afterAll(async () => {
  await Promise.all([lfs.stop(), gh.stop(), jsd.stop()])
  await git.stop()
  await rm(root, { recursive: true, force: true })
})

async function launch(path: string, over: Record<string, unknown> = {}) {
  const skipped: string[] = []
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  const spec = parseLaunchUrl(path)
  const fs = prefixedFs(await mkdtemp(join(root, 'b-')))
  const config = mergeConfig(defaultConfig('http://quire.test'), { jsdelivrDataUrl: '', ...over })
  const onLfsSkipped = (paths: string[], reason: string) => void skipped.push(`${paths.join(',')}: ${reason}`)
  const snap = await openRepo(spec, {
    fs,
    demoBaseUrl: '',
    source: sourceFor(spec, config, { fs, http, fetch, onLfsSkipped }),
    records: { get: async (k) => repos.get(k), put: async (r) => void repos.set(r.key, r) },
    commits: { get: async (k) => commits.get(k), put: async (r) => void commits.set(r.id, r) },
  })
  return { snap, skipped, record: repos.get(spec.key) }
}

it('a /v2/git/ repository: the LFS object replaces its pointer; a missing one stays a pointer, named', async () => {
  const { snap, skipped, record } = await launch(`/v2/git/${encodeURIComponent(`${git.url}/lab/data.git`)}/main`)
  expect(new TextDecoder().decode(snap.files.find((f) => f.path === 'data/table.csv')?.data)).toBe('x,y\n1,2\n3,4\n')
  expect(snap.lfsPointers).toEqual(['data/missing.csv'])
  expect(record?.lfsPointers).toEqual(['data/missing.csv'])
  expect(skipped).toEqual(['data/missing.csv: LFS error 404: Object does not exist'])
  expect(lfs.requests).toContain('POST /lfs/objects/batch')
})

it('GitHub with no proxy: its LFS endpoint cannot be reached, so the pointers stay, and the log says a proxy is needed', async () => {
  await git.addRepo('lab/gh-data', fixture)
  await git.commitFiles('lab/gh-data', { 'data/table.csv': lfs.addObject(csv).pointer })
  const { snap, skipped } = await launch('/v2/gh/lab/gh-data/main', {
    githubApiUrl: gh.apiUrl,
    githubRawUrl: gh.rawUrl,
    // GitHub's git host, where git-lfs's default endpoint lives: it answers a browser nothing usable (no CORS).
    githubUrl: 'http://127.0.0.1:9',
  })
  expect(snap.lfsPointers).toEqual(['data/table.csv'])
  expect(skipped).toEqual([
    expect.stringMatching(
      /^data\/table\.csv: the LFS server http:\/\/127\.0\.0\.1:9\/lab\/gh-data\.git\/info\/lfs .*needs a proxy$/,
    ),
  ])
})

it('through jsDelivr (GitHub’s archive holds the pointers): the object .lfsconfig’s server has replaces its pointer', async () => {
  const { snap, record } = await launch(`/v2/gh/lab/data/${dataSha}`, {
    githubRoutes: ['jsdelivr'],
    jsdelivrDataUrl: jsd.dataUrl,
    jsdelivrCdnUrl: jsd.cdnUrl,
  })
  expect(record?.route).toBe('jsdelivr')
  expect(new TextDecoder().decode(snap.files.find((f) => f.path === 'data/table.csv')?.data)).toBe('x,y\n1,2\n3,4\n')
  expect(snap.lfsPointers).toEqual(['data/missing.csv'])
  // A pointer is text with newlines: never taken for a link that came as a file.
  expect(snap.linksAsFiles).toEqual([])
})

describe('through the deployer’s proxy (git smart-HTTP and GitHub’s LFS endpoint, which sends no CORS)', () => {
  let forge: Server
  let proxy: Server
  beforeAll(async () => {
    // "github.com": its git endpoints (the local git server) and, at <repo>.git/info/lfs, git-lfs's Batch API.
    forge = createServer(async (req, res) => {
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const path = req.url ?? '/'
      const to = /\.git\/info\/lfs\/objects\/batch$/.test(path) ? `${lfs.url}/lfs/objects/batch` : `${git.url}${path}`
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host'),
      )
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks)
      const up = await fetch(to, { method: req.method, headers, body })
      // fetch has already decoded the body: its length and encoding headers no longer hold.
      const kept = [...up.headers].filter(([k]) => k !== 'content-encoding' && k !== 'content-length')
      res.writeHead(up.status, Object.fromEntries(kept)).end(Buffer.from(await up.arrayBuffer()))
    })
    await new Promise<void>((ok) => forge.listen(0, '127.0.0.1', ok))
    const forgeUrl = `http://127.0.0.1:${(forge.address() as AddressInfo).port}`
    const handler = createProxyHandler({
      allow: DEFAULT_ALLOW,
      upstreamOf: (h) => (h === 'github.com' ? forgeUrl : 'http://127.0.0.1:9'),
      cache: memoryProxyCache(),
      maxRequestBytes: 64 * 1024,
    })
    proxy = await serveProxy(handler, 0, '127.0.0.1')
  })
  afterAll(async () => {
    proxy.closeAllConnections()
    await new Promise<void>((ok) => proxy.close(() => ok()))
    await new Promise<void>((ok) => forge.close(() => ok()))
  })

  it('the Batch API through the proxy: the object replaces its pointer', async () => {
    await git.addRepo('lab/proxied', fixture)
    await git.commitFiles('lab/proxied', { 'data/table.csv': lfs.addObject(csv).pointer })
    const before = lfs.requests.length
    const { snap, record } = await launch('/v2/gh/lab/proxied/main', {
      corsProxy: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      githubRoutes: ['proxy'],
    })
    expect(record?.route).toBe('proxy')
    expect(new TextDecoder().decode(snap.files.find((f) => f.path === 'data/table.csv')?.data)).toBe('x,y\n1,2\n3,4\n')
    expect(snap.lfsPointers).toEqual([])
    expect(lfs.requests.slice(before)).toContain('POST /lfs/objects/batch')
  })
})
