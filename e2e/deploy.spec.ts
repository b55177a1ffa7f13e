import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startStaticServer } from '../scripts/serve.mjs'
import { expect, test } from './fixtures'
import { NotebookPage } from './notebookPage'

// A GitHub Pages project site: the build under /quire/, served with Pages' rules (no custom
// headers, 404.html for every path that is not a file), so deep links go through the fallback.
let server: Server
let site: string
let out: string

test.beforeAll(async () => {
  test.setTimeout(180_000)
  out = mkdtempSync(join(tmpdir(), 'quire-pages-'))
  const root = fileURLToPath(new URL('..', import.meta.url))
  execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: root,
    env: { ...process.env, QUIRE_BASE: '/quire/' },
    stdio: 'inherit',
  })
  server = await startStaticServer({ root: out, sitePath: '/quire/', pages: true })
  site = `http://127.0.0.1:${(server.address() as { port: number }).port}/quire`
})

test.afterAll(async () => {
  await new Promise((ok) => server?.close(ok))
  rmSync(out, { recursive: true, force: true })
})

test('a project-site build opens deep links through 404.html and runs the demo', async ({ page }) => {
  const res = await page.goto(`${site}/v2/demo/quire-demo`)
  expect(res?.status()).toBe(404) // GitHub Pages' answer; the page is the app all the same
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toContainText('Python 3.14')

  await page.locator('.q-brand').click()
  await expect(page).toHaveURL(`${site}/`)
  await expect(page.getByRole('link', { name: 'Try the demo' })).toHaveAttribute('href', '/quire/v2/demo/quire-demo')
  await page.getByLabel(/Repository/).fill('norvig/pytudes')
  await expect(page.locator('[data-snippet="markdown"] .q-copy-value')).toContainText(
    `(${site}/badge_logo.svg)](${site}/v2/gh/norvig/pytudes/HEAD)`,
  )
})
