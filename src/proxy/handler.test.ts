// The deployers' proxy (src/proxy/handler.ts) behind Node's http server, in front of the real
// local git server and the GitHub API stand-in: isomorphic-git clones through it, it refuses what
// is not a clone/API read/raw file of an allowed host, follows a renamed repository's redirect,
// exposes Retry-After, and answers a commit-named request a second time from its cache.
import http from 'isomorphic-git/http/node'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { prefixedFs } from '../repo/__fixtures__/prefixedFs'
import { gitSource } from '../repo/source'
import { createProxyHandler, DEFAULT_ALLOW, memoryProxyCache } from './handler'
import { serveProxy } from './nodeServer'

let git: GitServer
let gh: GithubServer
let proxy: Server
let redirector: Server
let base: string
let sha: string
let root: string

const portOf = (s: Server) => (s.address() as AddressInfo).port

beforeAll(async () => {
  git = await startGitServer()
  ;({ sha } = await git.addRepo('o/r', new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname))
  gh = await startGithubServer(git.root)
  // "github.com" here renames o/old to o/r, as GitHub answers for a renamed repository (301).
  redirector = createServer((req, res) => {
    const to = (req.url ?? '').replace('/o/old.git', '/o/r.git')
    res.writeHead(301, { location: `${git.url}${to}` }).end()
  })
  await new Promise<void>((ok) => redirector.listen(0, '127.0.0.1', ok))
  const upstream: Record<string, string> = {
    'github.com': `http://127.0.0.1:${portOf(redirector)}`,
    'codeberg.org': git.url,
    'api.github.com': gh.apiUrl,
    'raw.githubusercontent.com': gh.rawUrl,
  }
  const handler = createProxyHandler({
    allow: DEFAULT_ALLOW,
    upstreamOf: (h) => upstream[h] ?? 'http://127.0.0.1:9',
    cache: memoryProxyCache(),
    maxRequestBytes: 64 * 1024,
  })
  proxy = await serveProxy(handler, 0, '127.0.0.1')
  base = `http://127.0.0.1:${portOf(proxy)}`
  root = await mkdtemp(join(tmpdir(), 'quire-proxy-'))
})
afterAll(async () => {
  proxy.closeAllConnections()
  await new Promise<void>((ok) => proxy.close(() => ok()))
  await new Promise<void>((ok) => redirector.close(() => ok()))
  await gh.stop()
  await git.stop()
  await rm(root, { recursive: true, force: true })
})

it('isomorphic-git clones through it, following a renamed repository’s redirect', async () => {
  const fs = prefixedFs(root)
  const src = gitSource({ fs, http, url: 'https://github.com/o/old.git', corsProxy: base, maxBytes: 1e7 })
  const target = await src.lookup('main')
  expect(target).toMatchObject({ kind: 'ref', sha })
  expect(await src.download('/c', target)).toBe(sha)
})

it('refuses hosts off the allow-list, pushes and other paths, and oversized bodies', async () => {
  const status = async (path: string, init?: RequestInit) => (await fetch(`${base}${path}`, init)).status
  expect(await status('/example.com/o/r.git/info/refs?service=git-upload-pack')).toBe(403)
  expect(await status('/codeberg.org/o/r.git/info/refs?service=git-receive-pack')).toBe(403)
  expect(await status('/codeberg.org/o/r.git/git-receive-pack', { method: 'POST', body: 'x' })).toBe(403)
  expect(await status('/api.github.com/user')).toBe(403)
  expect(await status('/codeberg.org/o/r.git/git-upload-pack', { method: 'POST', body: 'x'.repeat(65 * 1024) })).toBe(
    413,
  )
})

it('passes GitHub’s answers through with Retry-After exposed, and serves a commit-named answer from its cache', async () => {
  gh.faults.set({ match: '/commits/main', mode: 'status', status: 429, retryAfter: '7', times: 1 })
  const limited = await fetch(`${base}/api.github.com/repos/o/r/commits/main`)
  expect(limited.status).toBe(429)
  expect(limited.headers.get('retry-after')).toBe('7')
  expect(limited.headers.get('access-control-expose-headers')).toContain('retry-after')

  gh.requests.length = 0
  const path = `/raw.githubusercontent.com/o/r/${sha}/README.md`
  const first = await fetch(`${base}${path}`)
  const second = await fetch(`${base}${path}`)
  expect(await second.text()).toBe(await first.text())
  expect(second.headers.get('x-quire-proxy-cache')).toBe('hit')
  expect(gh.requests).toEqual([`/raw/o/r/${sha}/README.md`])
})

it('forwards git-lfs’s Batch API (a POST) but no other POST', async () => {
  const { isAllowedPath } = await import('./handler')
  expect(isAllowedPath('github.com', '/o/r.git/info/lfs/objects/batch', '', 'POST')).toBe(true)
  expect(isAllowedPath('github.com', '/o/r.git/info/lfs/locks', '', 'POST')).toBe(false)
  expect(isAllowedPath('github.com', '/o/r.git/info/lfs/objects/batch', '', 'GET')).toBe(false)
})
