// Issue 22: Pyodide's lock packages are fetched in the launch's download phase, so a blocked
// package host stops the launch there (named, with the setting to change) and never inside a cell.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from '@playwright/test'
import { buildWheel } from '../scripts/lib/wheel.mjs'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'
import { startPyodideCdn, type PyodideCdn } from './servers/pyodide-cdn'

const SHOTS = process.env.QUIRE_SHOTS
const VERSION: string = createRequire(import.meta.url)('pyodide/package.json').version
const CORE = fileURLToPath(new URL(`../public/pyodide/${VERSION}/`, import.meta.url))
const WHO = 'lockdemo, served by the package CDN stand-in'

test.describe.configure({ mode: 'serial' })

let mirror: PyodideCdn
let cdn: PyodideCdn
let wheelPath = ''
let launch = ''

test.beforeAll(async ({ git }) => {
  // The core and its lock from one host (a mirror), the packages from another (the CDN), as in
  // production where the site serves the core and cdn.jsdelivr.net the packages.
  mirror = await startPyodideCdn({ coreDir: CORE, version: VERSION })
  cdn = await startPyodideCdn({ version: VERSION })
  const wheel = buildWheel({
    name: 'quire-lockdemo',
    version: '1.0',
    files: { 'quire_lockdemo/__init__.py': `WHO = ${JSON.stringify(WHO)}\n` },
  })
  const pkg = { name: 'quire-lockdemo', version: '1.0', fileName: wheel.filename, bytes: wheel.bytes }
  mirror.addPackage({ ...pkg, imports: ['quire_lockdemo'] })
  cdn.addPackage(pkg)
  wheelPath = `GET ${new URL(cdn.url).pathname}${wheel.filename}`
  const repo = await git.addRepo('lock-package', fixtureDir('repos', 'lock-package'))
  launch = gitLaunchPath(repo.cloneUrl)
})

test.afterAll(async () => {
  await mirror?.stop()
  await cdn?.stop()
})

async function pointAtStandIns(page: Page) {
  await page.addInitScript(
    (cfg) => {
      const cur: unknown = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
      localStorage.setItem(
        'quire:config',
        JSON.stringify({ ...(typeof cur === 'object' ? cur : {}), ...JSON.parse(cfg) }),
      )
    },
    JSON.stringify({ pyodideIndexUrl: mirror.url, pyodidePackageBaseUrl: cdn.url }),
  )
}

test('a lock package is fetched once, by the launch; the kernel loads those bytes, and a reopen needs no CDN', async ({
  page,
}) => {
  await pointAtStandIns(page)
  await page.goto(launch)
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toContainText(WHO)
  // One download, by the launch worker: the kernel's loadPackage was served the launch's bytes.
  expect(cdn.requests.filter((r) => r === wheelPath)).toHaveLength(1)
  // The CDN goes away; the stored environment and the package cache still open and run it.
  await cdn.stop()
  await page.reload()
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toContainText(WHO)
})

async function freshPage(browser: Browser) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await pointAtStandIns(page)
  return { context, page }
}

test('with the package CDN down, a new launch stops in its download phase naming the host, and no cell runs', async ({
  browser,
}) => {
  const { context, page } = await freshPage(browser)
  await page.goto(launch)
  const screen = page.locator('.q-error')
  await expect(screen).toHaveAttribute('data-error-code', 'HOST_UNREACHABLE')
  const host = new URL(cdn.url).host
  await expect(screen.locator('.q-host-name')).toHaveText(host)
  await expect(screen.locator('.q-host-advice')).toContainText('the Pyodide package quire-lockdemo')
  await expect(screen.locator('.q-host-key')).toHaveText('pyodidePackageBaseUrl')
  await expect(screen).not.toContainText('WebAssembly')
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Open on Binder' })).toBeVisible()
  await page.getByText('Details').click()
  await expect(screen.locator('details dl')).toContainText('download')
  // The launch never reached the notebook view: no kernel, no cell to fail in.
  await expect(page.locator('.jp-Notebook')).toHaveCount(0)
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/host-unreachable.png`, fullPage: true })
  await context.close()
})
