// Issue 22: `quire pack` against the stand-ins (git, Pyodide's CDN, the package index, webR's
// repository), then every stand-in stopped and the site (with the pack beside it) served from one
// host: the pack's repositories open at their usual links (/v2/gh/…, /v2/git/…), run (a Pyodide lock
// package, index wheels with a dependency, R packages from install.R) and reopen offline. With
// ../shared/pyodide-wheels/ present, a numpy repository is packed too, with the real wheel.
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { test as base } from '@playwright/test'
import { buildWheel } from '../scripts/lib/wheel.mjs'
import { startStaticServer } from '../scripts/serve.mjs'
import { expect, fixtureDir, gitLaunchPath } from './fixtures'
import { NotebookPage } from './notebookPage'
import { startGitServer, type GitServer } from './servers/git-server'
import { startPyodideCdn, type PyodideCdn } from './servers/pyodide-cdn'
import { startPypiServer, type PypiServer } from './servers/pypi-server'
import { reportMissing, sharedWheels } from './servers/pyodide-mirror'
import { startWebrRepoServer, type WebrRepoServer } from './servers/webr-repo'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIST = process.env.QUIRE_DIST ?? join(ROOT, 'dist')
const VERSION: string = createRequire(import.meta.url)('pyodide/package.json').version
const CORE = join(ROOT, 'public', 'pyodide', VERSION)
const WHO = 'lockdemo, from the class pack'
// The real numpy wheel (../shared, kept outside the project): without it the numpy repository is not packed,
// said plainly, and under QUIRE_REQUIRE_SHARED=1 (CI) the spec fails instead.
const SHARED = sharedWheels()
if (!SHARED.ok) reportMissing('class-pack.spec.ts: packing a numpy repository', SHARED.reason)
const NUMPY_WHEEL = SHARED.ok ? SHARED.wheels.find((w) => w.key === 'numpy') : undefined
const NUMPY = NUMPY_WHEEL?.fileName

const quire = (args: string[]) =>
  promisify(execFile)('node', [join(ROOT, 'scripts', 'quire.mjs'), ...args], { cwd: ROOT }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  )

const test = base
test.describe.configure({ mode: 'serial' })

const wheel = buildWheel({
  name: 'quire-lockdemo',
  version: '1.0',
  files: { 'quire_lockdemo/__init__.py': `WHO = ${JSON.stringify(WHO)}\n` },
})
let git: GitServer
let mirror: PyodideCdn
let cdn: PyodideCdn
let pypi: PypiServer
let webr: WebrRepoServer
let site: Server | undefined
let siteUrl = ''
const work = mkdtempSync(join(tmpdir(), 'quire-pack-e2e-'))

/** A one-cell notebook repository in `work`. */
function notebookRepo(name: string, files: Record<string, string>, cell: string): string {
  const repo = join(work, name)
  mkdirSync(repo)
  for (const [path, text] of Object.entries(files)) writeFileSync(join(repo, path), text)
  writeFileSync(
    join(repo, 'lesson.ipynb'),
    JSON.stringify({
      cells: [{ cell_type: 'code', execution_count: null, id: 'c-1', metadata: {}, outputs: [], source: cell }],
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    }),
  )
  return repo
}

test.beforeAll(async () => {
  git = await startGitServer()
  mirror = await startPyodideCdn({ coreDir: CORE, version: VERSION })
  cdn = await startPyodideCdn({ version: VERSION })
  pypi = await startPypiServer()
  webr = await startWebrRepoServer()
  for (const p of ['greetings', 'tinytable']) await pypi.addFromDir(fixtureDir('packages', p))
  for (const p of ['greetr', 'shoutr'])
    await webr.addFromDir(fileURLToPath(new URL(`./fixtures/r-packages/${p}`, import.meta.url)))
  for (const s of [mirror, cdn])
    s.addPackage({ name: 'quire-lockdemo', version: '1.0', fileName: wheel.filename, bytes: wheel.bytes })
  // On the GitHub stand-in's host (`--github-url`): recorded and opened as /v2/gh/class/<name>/main.
  await git.addRepo('class/lock-package', fixtureDir('repos', 'lock-package'))
  await git.addRepo('class/r-install', fixtureDir('repos', 'r-install'))
  // Elsewhere: a /v2/git/ link. greetings comes from the index and depends on tinytable.
  await git.addRepo(
    'greet-class',
    notebookRepo(
      'greet-src',
      { 'requirements.txt': 'greetings\n' },
      'import greetings\nprint(greetings.roster(["Ada"]))',
    ),
  )
  if (NUMPY_WHEEL && NUMPY) {
    // Pyodide 314.0.7's lock names numpy 2.4.6; the real 2.4.3 wheel is listed instead, as a mirror would.
    const bytes = new Uint8Array(readFileSync(NUMPY_WHEEL.path))
    for (const s of [mirror, cdn])
      s.addPackage({ name: 'numpy', version: NUMPY_WHEEL.version, fileName: NUMPY, bytes, imports: ['numpy'] })
    const cell = 'import numpy as np\nprint("det", round(float(np.linalg.det(np.array([[2.0, 1.0], [1.0, 3.0]]))), 6))'
    await git.addRepo('class/numpy-class', notebookRepo('numpy-src', { 'requirements.txt': 'numpy\n' }, cell))
  }
})

test.afterAll(async () => {
  for (const s of [git, mirror, cdn, pypi, webr]) await s?.stop().catch(() => undefined)
  if (site) await new Promise((ok) => site?.close(ok))
  rmSync(work, { recursive: true, force: true })
})

test('quire pack writes the class pack, --check says whether upstream moved, and with every stand-in stopped the usual links open from the pack, run and reopen offline', async ({
  browser,
}) => {
  // Four launches (one of them R) and an offline reopen.
  test.setTimeout(360_000)
  const siteDir = join(work, 'site')
  cpSync(DIST, siteDir, { recursive: true })
  site = await startStaticServer({ root: siteDir, port: 0 })
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`
  const greetUrl = `${git.url}/greet-class.git`
  const repos = [
    `${git.url}/class/lock-package.git`,
    greetUrl,
    `${git.url}/class/r-install.git`,
    ...(NUMPY ? [`${git.url}/class/numpy-class.git`] : []),
  ]
  const out = join(siteDir, 'pack')
  const made = await quire([
    'pack',
    ...repos,
    '--out',
    out,
    '--url',
    `${siteUrl}/pack/`,
    '--lock',
    `${mirror.url}pyodide-lock.json`,
    '--pyodide-package-base-url',
    cdn.url,
    '--index-url',
    `${pypi.url}/simple`,
    '--webr-repo-url',
    webr.url,
    '--github-url',
    git.url,
  ])
  expect(made.stderr).not.toContain('quire pack: INTERNAL')
  expect(made.code).toBe(0)
  // The links students already have, not pack-specific ones.
  expect(made.stdout).toContain('/v2/gh/class/lock-package/main')
  expect(made.stdout).toContain(gitLaunchPath(greetUrl, 'main'))
  // Exactly the lock packages the repositories need, not Pyodide's whole distribution.
  expect(readdirSync(join(out, 'pyodide')).sort()).toEqual(
    [
      'pyodide-lock.json',
      'pyodide.asm.mjs',
      'pyodide.asm.wasm',
      'pyodide.mjs',
      'python_stdlib.zip',
      'quire_lockdemo-1.0-py3-none-any.whl',
      ...(NUMPY ? [NUMPY] : []),
    ].sort(),
  )
  // The index wheels (greetings and the tinytable it depends on) and the R binaries (shoutr imports greetr).
  expect(readdirSync(join(out, 'pypi', 'files')).sort()).toEqual([
    'greetings-0.3.0-py3-none-any.whl',
    expect.stringMatching(/^tinytable-[\d.]+-py3-none-any\.whl$/),
  ])
  expect(readdirSync(join(out, 'pypi', 'simple')).sort()).toEqual(['greetings', 'tinytable'])
  expect(readdirSync(join(out, 'webr-repo', 'bin', 'emscripten', 'contrib', '4.6')).sort()).toEqual([
    'PACKAGES',
    'greetr_0.2.0.tgz',
    'shoutr_1.0.1.tgz',
  ])
  const record = JSON.parse(readFileSync(join(out, 'pack.json'), 'utf8')) as {
    repos: Array<{ name: string; spec: unknown; refs: string[]; lock?: { packages: Record<string, unknown> } }>
  }
  expect(record.repos[0]).toMatchObject({
    name: 'lock-package',
    spec: { provider: 'gh', repo: 'class/lock-package' },
    refs: ['main', 'HEAD'],
  })
  expect(Object.keys(record.repos[0].lock?.packages ?? {})).toEqual(['quire-lockdemo'])
  expect((await quire(['pack', '--check', '--out', out])).stdout).toContain('lock-package: up to date')
  await git.commitFiles('class/lock-package', { 'NOTES.md': 'moved on\n' })
  const moved = await quire(['pack', '--check', '--out', out])
  expect(moved.code).toBe(1)
  expect(moved.stdout).toContain('lock-package: upstream moved')

  // Deployed: the pack beside the site, its config.json next to index.html; every outside host gone.
  cpSync(join(out, 'config.json'), join(siteDir, 'config.json'))
  for (const s of [git, mirror, cdn, pypi, webr]) await s.stop()
  const context = await browser.newContext()
  const hosts = new Set<string>()
  context.on('request', (r) => {
    if (/^https?:/.test(r.url())) hosts.add(new URL(r.url()).host)
  })
  const page = await context.newPage()
  const nb = new NotebookPage(page)
  await page.goto(`${siteUrl}/v2/gh/class/lock-package/main`)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toContainText(WHO)
  await page.screenshot({ path: test.info().outputPath('pack-gh-link.png') })
  // The launch worker put the lock package into the service worker's package cache itself; the
  // service worker's ledger (its 512 MB budget, public/sw-packages.js) counts it all the same.
  await expect
    .poll(() =>
      page.evaluate(async (u) => {
        const index = await (await caches.open('quire-packages-v1')).match('https://quire.invalid/meta/index')
        const entries = (index ? await index.json() : {}) as Record<string, { size: number } | undefined>
        return entries[u]?.size ?? 0
      }, `${siteUrl}/pack/pyodide/${wheel.filename}`),
    )
    .toBe(wheel.bytes.length)

  await page.goto(`${siteUrl}${gitLaunchPath(greetUrl, 'main')}`)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toContainText('Hello, Ada!')

  await page.goto(`${siteUrl}/v2/gh/class/r-install/HEAD?labpath=shout.ipynb`)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('[1] "HELLO, OFFLINE, FROM GREETR 0.2.0!"')
  if (NUMPY) {
    await page.goto(`${siteUrl}/v2/gh/class/numpy-class/main`)
    await nb.waitForKernelIdle()
    await nb.runCell(0)
    await expect(nb.output(0)).toContainText('det 5.0')
  }
  expect([...hosts]).toEqual([new URL(siteUrl).host])
  // Reopens offline like any launch.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  await context.setOffline(true)
  await page.goto(`${siteUrl}/v2/gh/class/lock-package/main`)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toContainText(WHO)
  await context.close()
})
