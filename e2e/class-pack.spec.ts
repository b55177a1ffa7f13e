// Issue 22: `quire pack` against the stand-ins, then every stand-in stopped and the site (with the
// pack beside it) served from one host: the pack's repositories launch, run and reopen offline.
// With ../shared/pyodide-wheels/ present, a numpy repository is packed too, with the real wheel.
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { test as base } from '@playwright/test'
import { buildWheel } from '../scripts/lib/wheel.mjs'
import { startStaticServer } from '../scripts/serve.mjs'
import { expect, fixtureDir } from './fixtures'
import { NotebookPage } from './notebookPage'
import { startGitServer, type GitServer } from './servers/git-server'
import { startPyodideCdn, type PyodideCdn } from './servers/pyodide-cdn'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIST = process.env.QUIRE_DIST ?? join(ROOT, 'dist')
const VERSION: string = createRequire(import.meta.url)('pyodide/package.json').version
const CORE = join(ROOT, 'public', 'pyodide', VERSION)
const WHO = 'lockdemo, from the class pack'
// ../shared beside the repository (or beside the worktrees' folder): data kept outside the project.
const WHEELS = [join(ROOT, '..', 'shared', 'pyodide-wheels'), join(ROOT, '..', '..', 'shared', 'pyodide-wheels')].find(
  (d) => existsSync(d),
)
const NUMPY = WHEELS && 'numpy-2.4.3-cp314-cp314-pyemscripten_2026_0_wasm32.whl'
if (!WHEELS) console.warn('class-pack.spec.ts: ../shared/pyodide-wheels/ is absent: the numpy repository is not packed')

const quire = (args: string[]) =>
  promisify(execFile)('node', [join(ROOT, 'scripts', 'quire.mjs'), ...args], { cwd: ROOT }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  )

const test = base
test.describe.configure({ mode: 'serial' })

let git: GitServer
let mirror: PyodideCdn
let cdn: PyodideCdn
let site: Server | undefined
let siteUrl = ''
const work = mkdtempSync(join(tmpdir(), 'quire-pack-e2e-'))

test.beforeAll(async () => {
  git = await startGitServer()
  mirror = await startPyodideCdn({ coreDir: CORE, version: VERSION })
  cdn = await startPyodideCdn({ version: VERSION })
  const wheel = buildWheel({
    name: 'quire-lockdemo',
    version: '1.0',
    files: { 'quire_lockdemo/__init__.py': `WHO = ${JSON.stringify(WHO)}\n` },
  })
  for (const s of [mirror, cdn])
    s.addPackage({ name: 'quire-lockdemo', version: '1.0', fileName: wheel.filename, bytes: wheel.bytes })
  await git.addRepo('lock-package', fixtureDir('repos', 'lock-package'))
  if (WHEELS && NUMPY) {
    // Pyodide 314.0.7's lock names numpy 2.4.6; the real 2.4.3 wheel is listed instead, as a mirror would.
    const bytes = new Uint8Array(readFileSync(join(WHEELS, NUMPY)))
    for (const s of [mirror, cdn])
      s.addPackage({ name: 'numpy', version: '2.4.3', fileName: NUMPY, bytes, imports: ['numpy'] })
    const repo = join(work, 'numpy-src')
    mkdirSync(repo)
    writeFileSync(join(repo, 'requirements.txt'), 'numpy\n')
    const cell = 'import numpy as np\nprint("det", round(float(np.linalg.det(np.array([[2.0, 1.0], [1.0, 3.0]]))), 6))'
    writeFileSync(
      join(repo, 'det.ipynb'),
      JSON.stringify({
        cells: [{ cell_type: 'code', execution_count: null, id: 'det-1', metadata: {}, outputs: [], source: cell }],
        metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    )
    await git.addRepo('numpy-class', repo)
  }
})

test.afterAll(async () => {
  for (const s of [git, mirror, cdn]) await s?.stop().catch(() => undefined)
  if (site) await new Promise((ok) => site?.close(ok))
  rmSync(work, { recursive: true, force: true })
})

test('quire pack writes the class pack, --check says whether upstream moved, and with every stand-in stopped the pack launches, runs and reopens offline', async ({
  browser,
}) => {
  const siteDir = join(work, 'site')
  cpSync(DIST, siteDir, { recursive: true })
  site = await startStaticServer({ root: siteDir, port: 0 })
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`
  const repos = [`${git.url}/lock-package.git`, ...(NUMPY ? [`${git.url}/numpy-class.git`] : [])]
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
  ])
  expect(made.stderr).not.toContain('quire pack: INTERNAL')
  expect(made.code).toBe(0)
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
  const record = JSON.parse(readFileSync(join(out, 'pack.json'), 'utf8')) as {
    repos: Array<{ name: string; sha: string; lock?: { packages: Record<string, unknown> } }>
  }
  expect(record.repos[0]).toMatchObject({ name: 'lock-package' })
  expect(Object.keys(record.repos[0].lock?.packages ?? {})).toEqual(['quire-lockdemo'])
  expect((await quire(['pack', '--check', '--out', out])).stdout).toContain('lock-package: up to date')
  await git.commitFiles('lock-package', { 'NOTES.md': 'moved on\n' })
  const moved = await quire(['pack', '--check', '--out', out])
  expect(moved.code).toBe(1)
  expect(moved.stdout).toContain('lock-package: upstream moved')

  // Deployed: the pack beside the site, its config.json next to index.html; every outside host gone.
  cpSync(join(out, 'config.json'), join(siteDir, 'config.json'))
  for (const s of [git, mirror, cdn]) await s.stop()
  const context = await browser.newContext()
  const hosts = new Set<string>()
  context.on('request', (r) => {
    if (/^https?:/.test(r.url())) hosts.add(new URL(r.url()).host)
  })
  const page = await context.newPage()
  const nb = new NotebookPage(page)
  await page.goto(`${siteUrl}/v2/demo/lock-package`)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toContainText(WHO)
  if (NUMPY) {
    await page.goto(`${siteUrl}/v2/demo/numpy-class`)
    await nb.waitForKernelIdle()
    await nb.runCell(0)
    await expect(nb.output(0)).toContainText('det 5.0')
  }
  expect([...hosts]).toEqual([new URL(siteUrl).host])
  // Reopens offline like any launch.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  await context.setOffline(true)
  await page.goto(`${siteUrl}/v2/demo/lock-package`)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toContainText(WHO)
  await context.close()
})
