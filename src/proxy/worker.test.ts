// The proxy's Cloudflare Worker entry (src/proxy/worker.ts) in Cloudflare's own runtime, workerd, run by
// miniflare 3 (the last line that runs on Node 20; miniflare 4 needs Node 22). The Worker script is the one the
// README deploys, transpiled as is; its egress to github.com, codeberg.org, api.github.com and
// raw.githubusercontent.com goes to the local git smart-HTTP server and GitHub stand-in through miniflare's
// `outboundService` (the test's network), so every request the Worker makes is one a deployed Worker would make.
import http from 'isomorphic-git/http/node'
import { Miniflare, Response as MiniflareResponse } from 'miniflare'
import { readFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { prefixedFs } from '../repo/__fixtures__/prefixedFs'
import { gitSource } from '../repo/source'

let git: GitServer
let gh: GithubServer
let mf: Miniflare
let base: string
let sha: string
let root: string
/** Every URL the Worker fetched, as the Worker asked for it (before the test network maps it). */
const egress: string[] = []

const transpile = async (file: string) =>
  ts.transpileModule(await readFile(new URL(file, import.meta.url), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText

beforeAll(async () => {
  git = await startGitServer()
  ;({ sha } = await git.addRepo('o/r', new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname))
  gh = await startGithubServer(git.root)
  const network: Record<string, string> = {
    'https://codeberg.org': git.url,
    'https://api.github.com': gh.apiUrl,
    'https://raw.githubusercontent.com': gh.rawUrl,
  }
  mf = new Miniflare({
    modules: [
      {
        type: 'ESModule',
        path: 'worker.js',
        contents: (await transpile('./worker.ts')).replace("'./handler'", "'./handler.js'"),
      },
      { type: 'ESModule', path: 'handler.js', contents: await transpile('./handler.ts') },
    ],
    compatibilityDate: '2025-07-18',
    bindings: { ALLOW: 'codeberg.org, api.github.com, raw.githubusercontent.com, github.com' },
    outboundService: async (req) => {
      egress.push(`${req.method} ${req.url}`)
      const u = new URL(req.url)
      // github.com renames o/old to o/r with a 301, as GitHub answers for a renamed repository.
      if (u.origin === 'https://github.com')
        return new MiniflareResponse(null, {
          status: 301,
          headers: { location: `https://codeberg.org${u.pathname.replace('/o/old.git', '/o/r.git')}${u.search}` },
        })
      const to = network[u.origin]
      if (!to) return new MiniflareResponse('no such host on the test network', { status: 502 })
      const body = req.method === 'POST' ? await req.arrayBuffer() : undefined
      const headers = Object.fromEntries(req.headers.entries())
      const res = await fetch(`${to}${u.pathname}${u.search}`, { method: req.method, headers, body })
      return new MiniflareResponse(await res.arrayBuffer(), { status: res.status, headers: [...res.headers] })
    },
  })
  base = (await mf.ready).href.replace(/\/$/, '')
  root = await mkdtemp(join(tmpdir(), 'quire-workerd-'))
}, 60_000)
afterAll(async () => {
  await mf?.dispose()
  await gh?.stop()
  await git?.stop()
  await rm(root, { recursive: true, force: true })
})

it('answers a CORS preflight as a page needs it for git and the API', async () => {
  const res = await fetch(`${base}/codeberg.org/o/r.git/git-upload-pack`, {
    method: 'OPTIONS',
    headers: { origin: 'https://quire.example', 'access-control-request-method': 'POST' },
  })
  expect(res.status).toBe(204)
  expect(res.headers.get('access-control-allow-origin')).toBe('*')
  expect(res.headers.get('access-control-allow-methods')).toContain('POST')
  expect(res.headers.get('access-control-allow-headers')).toContain('git-protocol')
  expect(egress).toEqual([])
})

it('isomorphic-git clones through the Worker (upload-pack passed through), following a renamed repository', async () => {
  egress.length = 0
  const src = gitSource({
    fs: prefixedFs(root),
    http,
    url: 'https://github.com/o/old.git',
    corsProxy: base,
    maxBytes: 1e7,
  })
  const target = await src.lookup('main')
  expect(target).toMatchObject({ kind: 'ref', sha })
  expect(await src.download('/c', target)).toBe(sha)
  expect(egress).toContain('POST https://codeberg.org/o/r.git/git-upload-pack')
  expect(egress.filter((e) => e.startsWith('GET https://github.com/o/old.git/info/refs'))).not.toEqual([])
})

it('forwards only allowed hosts and paths: no other host, no push, no API beyond repositories', async () => {
  egress.length = 0
  const status = async (path: string, init?: RequestInit) => (await fetch(`${base}${path}`, init)).status
  expect(await status('/example.com/o/r.git/info/refs?service=git-upload-pack')).toBe(403)
  // Allowed by default but not by this deployment's ALLOW binding.
  expect(await status('/gitlab.com/o/r.git/info/refs?service=git-upload-pack')).toBe(403)
  expect(await status('/codeberg.org/o/r.git/info/refs?service=git-receive-pack')).toBe(403)
  expect(await status('/codeberg.org/o/r.git/git-receive-pack', { method: 'POST', body: 'x' })).toBe(403)
  expect(await status('/api.github.com/user')).toBe(403)
  expect(egress).toEqual([])
})

it('passes a rate limit through with Retry-After exposed; a commit-named file comes from the edge cache', async () => {
  gh.faults.set({ match: '/commits/main', mode: 'status', status: 429, retryAfter: '7', times: 1 })
  const limited = await fetch(`${base}/api.github.com/repos/o/r/commits/main`)
  expect(limited.status).toBe(429)
  expect(limited.headers.get('retry-after')).toBe('7')
  expect(limited.headers.get('access-control-expose-headers')).toContain('retry-after')

  egress.length = 0
  const path = `/raw.githubusercontent.com/o/r/${sha}/README.md`
  const first = await fetch(`${base}${path}`)
  const second = await fetch(`${base}${path}`)
  expect(await second.text()).toBe(await first.text())
  expect(second.headers.get('x-quire-proxy-cache')).toBe('hit')
  expect(egress).toEqual([`GET https://raw.githubusercontent.com/o/r/${sha}/README.md`])
})
