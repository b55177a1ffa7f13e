import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { startStaticServer } from '../scripts/serve.mjs'
import { startGitServer } from './servers/git-server'
import { startPyodideMirror } from './servers/pyodide-mirror'
import { expect, fixtureDir, gitLaunchPath, test, reloadOffline, stopSite } from './fixtures'
import { NotebookPage } from './notebookPage'

// The site gets its own server here so that the test can stop it: offline must mean nothing answers.
const DIST = process.env.QUIRE_DIST ?? fileURLToPath(new URL('../dist', import.meta.url))

test('with the browser offline and every server stopped, a link opened before reloads and a cell runs', async ({
  page,
  context,
}) => {
  const app: Server = await startStaticServer({ root: DIST })
  const site = `http://127.0.0.1:${(app.address() as { port: number }).port}`
  const own = await startGitServer()
  const { cloneUrl, sha } = await own.addRepo('offline', fixtureDir('repos', 'two-notebooks'))
  const kernelLog: string[] = []
  page.on('console', (msg) => msg.text().startsWith('quire: kernel') && kernelLog.push(msg.text()))
  await page.goto(site + gitLaunchPath(cloneUrl, 'main', 'sub/b.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('45')
  // The service worker controls the page, which is cross-origin isolated.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
  // The interpreter snapshot (issue 8) is stored after the first kernel is ready: offline, Python starts from it.
  await expect
    .poll(() => kernelLog.some((l) => l.startsWith('quire: kernel snapshot stored')), { timeout: 60_000 })
    .toBe(true)

  await own.stop()
  await reloadOffline(page, context, app)
  await expect(page.locator('.q-offline')).toContainText(`offline — showing commit ${sha.slice(0, 7)} from`)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('45')
  expect(kernelLog.filter((l) => l.startsWith('quire: kernel booted from the environment snapshot'))).toHaveLength(1)
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
  await page.screenshot({ path: test.info().outputPath('offline-notebook.png') })
})

test('on a host that sends no isolation headers, the service worker makes the page cross-origin isolated', async ({
  page,
}) => {
  // GitHub Pages' rules: no custom headers, and app routes answered by 404.html.
  const app: Server = await startStaticServer({ root: DIST, pages: true })
  const site = `http://127.0.0.1:${(app.address() as { port: number }).port}`
  const first = await page.goto(`${site}/v2/demo/quire-demo`)
  expect(first?.headers()['cross-origin-embedder-policy']).toBeUndefined()
  // The first visit reloads itself once the worker has taken over; then the page is isolated.
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false)).toBe(true)
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function')
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toContainText('Python 3.14')
  await stopSite(app)
})

test("Pyodide's core from another origin (a CDN or a school's mirror) is kept too: offline, Python still starts", async ({
  page,
  context,
}) => {
  // No wheels: the mirror serves Pyodide's core files and lock from its own port, with CORS.
  const mirror = await startPyodideMirror([])
  const app: Server = await startStaticServer({ root: DIST })
  const site = `http://127.0.0.1:${(app.address() as { port: number }).port}`
  const own = await startGitServer()
  const { cloneUrl } = await own.addRepo('offline-cdn', fixtureDir('repos', 'two-notebooks'))
  await page.addInitScript(
    (cfg) => localStorage.setItem('quire:config', cfg),
    JSON.stringify({ pyodideIndexUrl: mirror.url, pyodidePackageBaseUrl: mirror.url }),
  )
  await page.goto(site + gitLaunchPath(cloneUrl, 'main', 'sub/b.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('45')
  // Every file Python's start took from the mirror ends up in the worker's cache, under the mirror's URLs.
  const fetched = [...mirror.hits.keys()].sort()
  expect(fetched).toEqual(expect.arrayContaining(['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip']))
  await expect
    .poll(() =>
      page.evaluate(
        async (urls) => {
          const found = await Promise.all(urls.map((u) => caches.match(u)))
          return urls.filter((_, i) => !found[i])
        },
        fetched.map((f) => mirror.url + f),
      ),
    )
    .toEqual([])

  await Promise.all([mirror.stop(), own.stop()])
  await reloadOffline(page, context, app)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('45')
})
