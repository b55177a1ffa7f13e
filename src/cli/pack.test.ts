// `quire pack` in Node against the stand-ins (git, the package index, webR's repository), then the
// same check the launch makes, run against the pack's own folder served statically: the pack's
// indexes answer with exactly the packages `quire pack` resolved, from its files, and pack.json maps
// each link (as a student's badge names it) to its commit.
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pyodidePkg from 'pyodide/package.json'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startStaticServer } from '../../scripts/serve.mjs'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startPypiServer, type PypiServer } from '../../e2e/servers/pypi-server'
import { startWebrRepoServer, type WebrRepoServer } from '../../e2e/servers/webr-repo'
import { findInPack, readPackManifest } from '../repo/packManifest'
import { createHttpFetcher, loadPyodideLock } from '../resolve'
import { checkRepo } from './checkRepo'
import { addRCheck } from './checkR'
import type { PackRecord } from './pack'
import { listFiles } from './quire'
import http from 'isomorphic-git/http/node'
import { defaultConfig, mergeConfig } from '../config'
import { parseLaunchUrl } from '../launch'
import { prefixedFs } from '../repo/__fixtures__/prefixedFs'
import { openRepo, type CommitRecord, type RepoRecord } from '../repo/openRepo'
import { sourceFor } from '../repo/sourceFor'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const fixture = (kind: string, name: string) => join(ROOT, 'e2e', 'fixtures', kind, name)
let git: GitServer
let pypi: PypiServer
let webr: WebrRepoServer
let site: Server
let siteUrl: string
const out = mkdtempSync(join(tmpdir(), 'quire-pack-test-'))

/** The built command, spawned: it runs git synchronously, which would block the stand-ins living in this process. */
function quire(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [`${ROOT}scripts/quire.mjs`, ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr })
    })
  })
}

beforeAll(async () => {
  // What `npm install` / `npm run build` do, so the test runs the file users run.
  execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '-c', 'src/cli/vite.config.ts'], {
    cwd: ROOT,
    stdio: 'ignore',
  })
  git = await startGitServer()
  pypi = await startPypiServer()
  webr = await startWebrRepoServer()
  for (const p of ['greetings', 'tinytable', 'tinytable-old']) await pypi.addFromDir(fixture('packages', p))
  for (const p of ['greetr', 'shoutr']) await webr.addFromDir(fixture('r-packages', p))
  await git.addRepo('class/csv-repo', fixture('repos', 'csv-repo'))
  await git.addRepo('r-install', fixture('repos', 'r-install'))
  site = (await startStaticServer({ root: out, port: 0 })) as Server
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`
}, 60_000)
afterAll(async () => {
  for (const s of [git, pypi, webr]) await s?.stop()
  site?.close()
  rmSync(out, { recursive: true, force: true })
})

// Runs before the test below, which stops the stand-ins.
it('packs links as links (dangling, a loop, inside) and public submodules; the launch makes the links again', async () => {
  await git.addRepo('class/shapes', fixture('repos', 'two-notebooks'))
  const { sha: libSha } = await git.addRepo('class/lib', fixture('repos', 'csv-repo'))
  await git.commitSymlinks('class/shapes', {
    'data/big.csv': '../../outside/big.csv',
    loop: '.',
    'notes.md': 'README.md',
  })
  // A public submodule and one nobody can fetch, as repo2docker's `git submodule update --init --recursive` meets.
  await git.commitSubmodule('class/shapes', 'vendor/lib', { url: `${git.url}/class/lib.git`, sha: libSha })
  const sha = await git.commitSubmodule('class/shapes', 'vendor/secret', {
    url: `${git.url}/class/missing.git`,
    sha: libSha,
  })
  const to = join(out, 'shapes-pack')
  const made = await quire('pack', `${git.url}/class/shapes.git`, '--out', to, '--url', `${siteUrl}/shapes-pack/`)
  expect(made.stderr).not.toMatch(/quire pack: [A-Z_]+:/)
  expect(made.code).toBe(0)
  const [packed] = (JSON.parse(readFileSync(join(to, 'pack.json'), 'utf8')) as PackRecord).repos
  expect(packed.sha).toBe(sha)
  const manifest = JSON.parse(readFileSync(join(to, 'repos', packed.name, 'manifest.json'), 'utf8')) as {
    files: string[]
    links: unknown[]
  }
  expect(manifest.links).toEqual([
    { path: 'data/big.csv', target: '../../outside/big.csv' },
    { path: 'loop', target: '.' },
    { path: 'notes.md', target: 'README.md' },
  ])
  expect(manifest.files).not.toContain('notes.md')
  expect(manifest.files).toEqual(expect.arrayContaining(['vendor/lib/analysis.ipynb', 'vendor/lib/data/x.csv']))
  expect(manifest.files.some((p) => p.startsWith('vendor/secret'))).toBe(false)
  expect(made.stderr).toContain('submodule vendor/secret not fetched')

  // The launch, from the pack (route `pack`): the links are links again, the dangling one named.
  const spec = parseLaunchUrl(`/v2/git/${encodeURIComponent(`${git.url}/class/shapes.git`)}/main`)
  const config = mergeConfig(defaultConfig('http://quire.test'), { packUrl: `${siteUrl}/shapes-pack` })
  const fs = prefixedFs(mkdtempSync(join(tmpdir(), 'quire-pack-open-')))
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  const snap = await openRepo(spec, {
    fs,
    demoBaseUrl: '',
    source: sourceFor(spec, config, { fs, http, fetch }),
    records: { get: async (k) => repos.get(k), put: async (r) => void repos.set(r.key, r) },
    commits: { get: async (k) => commits.get(k), put: async (r) => void commits.set(r.id, r) },
  })
  expect(snap.sha).toBe(sha)
  expect(repos.get(spec.key)?.route).toBe('pack')
  expect(snap.links).toEqual([
    { path: 'loop', target: '.' },
    { path: 'notes.md', target: 'README.md' },
  ])
  expect(snap.brokenLinks).toEqual(['data/big.csv → ../../outside/big.csv'])
  expect(snap.linksAsFiles).toEqual([])
  expect(snap.files.map((f) => f.path)).toContain('vendor/lib/analysis.ipynb')
  expect(snap.missingSubmodules).toEqual(['vendor/secret'])
}, 60_000)

it('packs index wheels and R binaries behind indexes the launch reads back to the same packages', async () => {
  const made = await quire(
    'pack',
    `${git.url}/class/csv-repo.git`,
    `${git.url}/r-install.git`,
    '--out',
    out,
    '--url',
    `${siteUrl}/`,
    '--index-url',
    `${pypi.url}/simple`,
    '--webr-repo-url',
    webr.url,
    '--github-url',
    git.url,
  )
  expect(made.stderr).not.toMatch(/quire pack: [A-Z_]+:/)
  expect(made.code).toBe(0)
  const record = JSON.parse(readFileSync(join(out, 'pack.json'), 'utf8')) as PackRecord
  const [csv, r] = record.repos
  expect(csv).toMatchObject({
    spec: { provider: 'gh', repo: 'class/csv-repo' },
    refs: ['main', 'HEAD'],
    launchPath: '/v2/gh/class/csv-repo/main',
  })
  expect(r).toMatchObject({ spec: { provider: 'git', repo: `${git.url}/r-install.git` }, refs: ['main', 'HEAD'] })
  // The browser's reading of pack.json finds both by their links.
  const entries = readPackManifest(JSON.parse(readFileSync(join(out, 'pack.json'), 'utf8')))
  expect(findInPack(entries, { provider: 'gh', repo: 'class/csv-repo' }, 'HEAD')?.entry.sha).toBe(csv.sha)
  expect(findInPack(entries, { provider: 'git', repo: `${git.url}/r-install` }, 'main')?.entry.sha).toBe(r.sha)

  // The check the launch makes, with every base URL from the pack's config.json and the stand-ins stopped.
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, string>
  for (const s of [git, pypi, webr]) await s.stop()
  const fetcher = createHttpFetcher(fetch, { retries: 0 })
  const lock = loadPyodideLock(JSON.parse(readFileSync(join(ROOT, 'node_modules/pyodide/pyodide-lock.json'), 'utf8')))
  const again = async (name: string) => {
    const dir = join(out, 'repos', name)
    const paths = listFiles(dir).filter((p) => p !== 'manifest.json')
    const read = async (p: string) => readFileSync(join(dir, p), 'utf8')
    const py = await checkRepo(paths, read, {
      lock: async () => lock,
      index: fetcher,
      indexUrl: config.pypiUrl,
      pyodideVersion: pyodidePkg.version,
    })
    return addRCheck(py, paths, read, { fetcher, repoUrl: config.webrRepoUrl })
  }
  const csvAgain = await again(csv.name)
  const packed = Object.values(csv.lock?.packages ?? {}).map((p) => `${p.name} ${p.version}`)
  expect(csvAgain.packages.map((p) => `${p.name} ${p.version}`).sort()).toEqual(packed.sort())
  expect(csvAgain.packages.find((p) => p.name === 'tinytable')?.url).toMatch(new RegExp(`^${siteUrl}/pypi/files/`))
  expect(csvAgain.verdict.kind).toBe('browser')
  const rAgain = await again(r.name)
  expect(rAgain.r?.packages.map((p) => `${p.name} ${p.version} ${p.url.startsWith(`${siteUrl}/webr-repo/`)}`)).toEqual([
    'greetr 0.2.0 true',
    'shoutr 1.0.1 true',
  ])
  expect(rAgain.verdict.kind).toBe('browser')
}, 60_000)
