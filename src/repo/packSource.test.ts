// A class pack is the first route to a repository: a link the pack holds opens from its static
// files with the network untouched, and a link it lacks (or a pack that is not there) falls back to
// the network's routes. A real git server and a real static server of pack files, no fakes.
import http from 'isomorphic-git/http/node'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { defaultConfig, mergeConfig } from '../config'
import { parseLaunchUrl } from '../launch'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { sourceFor } from './sourceFor'

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname
const PACKED_SHA = 'c0ffee'.padEnd(40, '0')
let git: GitServer
let pack: Server
let packUrl: string
let gitSha: string
let root: string
let served: string[]

beforeAll(async () => {
  git = await startGitServer()
  ;({ sha: gitSha } = await git.addRepo('octo/notes', fixture))
  root = await mkdtemp(join(tmpdir(), 'quire-pack-source-'))
  const packDir = join(root, 'pack')
  await mkdir(join(packDir, 'repos', 'notes', 'sub'), { recursive: true })
  await writeFile(join(packDir, 'repos', 'notes', 'PACKED.md'), 'from the pack\n')
  await writeFile(join(packDir, 'repos', 'notes', 'sub', 'b.txt'), 'b\n')
  await writeFile(
    join(packDir, 'repos', 'notes', 'manifest.json'),
    JSON.stringify({ sha: PACKED_SHA, files: ['PACKED.md', 'sub/b.txt'] }),
  )
  await writeFile(
    join(packDir, 'pack.json'),
    JSON.stringify({
      repos: [{ spec: { provider: 'gh', repo: 'octo/notes' }, refs: ['main', 'HEAD'], sha: PACKED_SHA, name: 'notes' }],
    }),
  )
  served = []
  pack = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    served.push(path)
    const file = join(packDir, path)
    if (!file.startsWith(packDir) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end()
    res.writeHead(200)
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((ok) => pack.listen(0, '127.0.0.1', ok))
  packUrl = `http://127.0.0.1:${(pack.address() as { port: number }).port}`
})
afterAll(async () => {
  await git.stop()
  await new Promise((ok) => pack.close(ok))
  await rm(root, { recursive: true, force: true })
})

// GitHub's web host is the git stand-in; no proxy, API or jsDelivr: git itself is the network route.
const configFor = (pack: string) =>
  mergeConfig(defaultConfig('http://quire.test'), {
    packUrl: pack,
    githubUrl: git.url,
    corsProxy: '',
    githubApiUrl: '',
    jsdelivrDataUrl: '',
    networkTimeoutMs: 2000,
  })
const io = () => ({ fs: prefixedFs(root), http, fetch })
const files = async (dir: string) => (await readFile(join(root, dir, 'PACKED.md'), 'utf8').catch(() => null)) ?? 'none'

it('a GitHub link the pack holds (any case of its name) is looked up and downloaded from the pack', async () => {
  served.length = 0
  const source = sourceFor(parseLaunchUrl('/v2/gh/OCTO/notes/main'), configFor(packUrl), io())
  const target = await source.lookup('main')
  expect(target).toEqual({ kind: 'ref', name: 'main', sha: PACKED_SHA })
  expect(await source.download('/p1', target)).toBe(PACKED_SHA)
  expect(source.route).toBe('pack')
  expect(await files('/p1')).toBe('from the pack\n')
  expect(await readFile(join(root, 'p1', 'sub', 'b.txt'), 'utf8')).toBe('b\n')
  expect(served).toEqual([
    '/pack.json',
    '/repos/notes/manifest.json',
    '/repos/notes/PACKED.md',
    '/repos/notes/sub/b.txt',
  ])
})

it('a link pinned to the packed commit (an abbreviated SHA, no lookup) is served by the pack', async () => {
  const source = sourceFor(parseLaunchUrl(`/v2/gh/octo/notes/${PACKED_SHA}`), configFor(packUrl), io())
  expect(await source.download('/p2', { kind: 'sha', prefix: PACKED_SHA.slice(0, 10) })).toBe(PACKED_SHA)
  expect(await files('/p2')).toBe('from the pack\n')
})

it('a ref the pack lacks goes to the network, and so does every link when no pack answers', async () => {
  git.faults.clear()
  const other = sourceFor(parseLaunchUrl('/v2/gh/octo/notes/HEAD'), configFor(packUrl), io())
  // HEAD is packed; a branch that is not is asked of git.
  await expect(other.lookup('HEAD')).resolves.toMatchObject({ sha: PACKED_SHA })
  const branchless = sourceFor(parseLaunchUrl('/v2/gh/octo/notes/refs%2Fheads%2Fmain'), configFor(packUrl), io())
  const target = await branchless.lookup('refs/heads/main')
  expect(target).toMatchObject({ kind: 'ref', sha: gitSha })
  expect(await branchless.download('/n1', target)).toBe(gitSha)
  expect(branchless.route).toBe('git')
  expect(await files('/n1')).toBe('none')

  // A repository the pack does not hold at all, and a pack URL nobody serves: the network answers.
  const absent = sourceFor(
    parseLaunchUrl(`/v2/git/${encodeURIComponent(`${git.url}/octo/notes.git`)}/main`),
    configFor(packUrl),
    io(),
  )
  await expect(absent.lookup('main')).resolves.toMatchObject({ sha: gitSha })
  const gone = sourceFor(parseLaunchUrl('/v2/gh/octo/notes/main'), configFor('http://127.0.0.1:9'), io())
  await expect(gone.lookup('main')).resolves.toMatchObject({ sha: gitSha })
})
