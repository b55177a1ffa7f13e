import type { Page } from '@playwright/test'
import { statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { formatBytes } from '../src/shared/bytes'
import { startStaticServer } from '../scripts/serve.mjs'
import { reportMissing, sharedWheels, startSiteWithMirror } from './servers/pyodide-mirror'
import { startGitServer } from './servers/git-server'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'

// Issue 18: a repository whose requirements.txt says numpy and pillow, launched against a
// self-hoster's Pyodide mirror holding the real compiled wheels (../shared/pyodide-wheels): compute,
// show a PIL image, reopen from a snapshot that keeps the shared libraries, restart, reopen offline.
const DIST = process.env.QUIRE_DIST ?? fileURLToPath(new URL('../dist', import.meta.url))
const shared = sharedWheels()
if (!shared.ok) reportMissing('e2e/real-wheels.spec.ts (numpy and Pillow in the browser)', shared.reason)

function kernelLog(page: Page): string[] {
  const lines: string[] = []
  page.on('console', (msg) => {
    if (msg.text().startsWith('quire: kernel')) lines.push(msg.text())
  })
  return lines
}

const COMPUTED = '2.4.3 8.0 45 [4.0, 0.0, 0.0, 0.0]'

async function computeAndShow(nb: NotebookPage): Promise<void> {
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText(COMPUTED)
  await nb.runCell(1)
  // Pillow's _repr_png_: a display output of type image/png, drawn as an <img>.
  await expect(nb.output(1).locator('img')).toHaveAttribute('src', /^data:image\/png;base64,iVBOR/)
  await expect
    .poll(() =>
      nb
        .output(1)
        .locator('img')
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBe(40)
}

test.skip(!shared.ok, shared.ok ? '' : shared.reason)

test('numpy and Pillow from a mirror: compute, show an image, reopen, restart and reopen offline from a snapshot', async ({
  page,
  context,
  pypi,
}) => {
  if (!shared.ok) return
  test.setTimeout(420_000)
  const site = await startSiteWithMirror(await startStaticServer({ root: DIST }), shared.wheels)
  const git = await startGitServer()
  try {
    const { cloneUrl } = await git.addRepo('numpy-repo', fixtureDir('repos', 'numpy-repo'))
    await page.addInitScript(
      (cfg) => localStorage.setItem('quire:config', cfg),
      JSON.stringify({ pypiUrl: pypi.url, pyodideIndexUrl: site.mirrorUrl, pyodidePackageBaseUrl: site.mirrorUrl }),
    )
    const log = kernelLog(page)
    const path = site.url + gitLaunchPath(cloneUrl, 'main', 'arrays.ipynb')

    // First visit: numpy's wheel comes from the mirror with the rewritten lock's sha256.
    await page.goto(path)
    const nb = new NotebookPage(page)
    await computeAndShow(nb)
    expect(site.hits.get('numpy-2.4.3-cp314-cp314-pyemscripten_2026_0_wasm32.whl')).toBeGreaterThan(0)
    await expect
      .poll(() => log.filter((l) => l.startsWith('quire: kernel snapshot stored')).length, { timeout: 120_000 })
      .toBe(1)
    await page.screenshot({ path: test.info().outputPath('numpy-first-visit.png') })

    // Second visit: the snapshot holds numpy imported, its libraries loaded again before the restore.
    await page.reload()
    await computeAndShow(nb)
    const restored = /^quire: kernel booted from the environment snapshot with (\d+) shared libraries/
    expect(
      log.filter((l) => restored.test(l)),
      log.join('\n'),
    ).toHaveLength(1)
    expect(Number(restored.exec(log.find((l) => restored.test(l)) ?? '')?.[1])).toBeGreaterThan(15)

    // Restart: a new worker boots from the same snapshot; the namespace is empty again.
    await page.locator('[data-jp-item-name="restart"] jp-button, [data-jp-item-name="restart"] button').first().click()
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Confirm Kernel Restart' }).click()
    await expect(page.locator('.jp-Dialog')).toHaveCount(0)
    await computeAndShow(nb)
    await expect.poll(() => log.filter((l) => restored.test(l)).length).toBe(2)
    expect(log.filter((l) => l.startsWith('quire: kernel snapshot stored'))).toHaveLength(1)

    // The storage page counts the snapshot once, with its size, under the repository it serves.
    await page.goto(`${site.url}/storage`)
    const row = page.locator('dt', { hasText: /^snapshot$/ }).locator('xpath=following-sibling::dd[1]')
    await expect(row.first()).toHaveText(/^\d+(\.\d+)? MB$/)
    // The mirror is on the site's origin, so its packages are kept with the site's files: still "offline".
    await expect(page.locator('.q-store-status')).toHaveText('available offline')
    // numpy's and Pillow's wheels are Pyodide's lock packages, kept by the browser's cache, not IndexedDB: counted.
    const lockBytes = shared.wheels
      .filter((w) => w.key === 'numpy' || w.key === 'pillow')
      .reduce((n, w) => n + statSync(w.path).size, 0)
    const wheels = page.locator('dt', { hasText: /^wheels$/ }).locator('xpath=following-sibling::dd[1]')
    await expect(wheels.first()).toHaveText(`${formatBytes(lockBytes)} (0 + 2 from Pyodide)`)
    await page.screenshot({ path: test.info().outputPath('numpy-storage.png') })

    // Offline, every server stopped: the app, the mirror's files and the snapshot come from the browser.
    await git.stop()
    await site.stop()
    await context.setOffline(true)
    await page.goto(path)
    await expect(page.locator('.q-offline')).toBeVisible()
    await computeAndShow(nb)
    expect(log.filter((l) => restored.test(l))).toHaveLength(3)
    expect(log.filter((l) => l.includes('failed snapshot'))).toHaveLength(0)
    await page.screenshot({ path: test.info().outputPath('numpy-offline.png') })
  } finally {
    await context.setOffline(false)
    await git.stop().catch(() => {})
    await site.stop().catch(() => {})
  }
})
