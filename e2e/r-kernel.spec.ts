import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { startStaticServer } from '../scripts/serve.mjs'
import { expect, fixtureDir, gitLaunchPath, test, reloadOffline, stopSite } from './fixtures'
import { NotebookPage } from './notebookPage'
import { startGitServer } from './servers/git-server'
import { startWebrRepoServer } from './servers/webr-repo'

const DIST = process.env.QUIRE_DIST ?? fileURLToPath(new URL('../dist', import.meta.url))

// webR boots R from the site's own /webr/<version>/ folder: no network beyond the local servers.
test('an R notebook runs on webR: printed text, a data frame as a table, a plot as an image, an error', async ({
  page,
  git,
}) => {
  await page.goto(gitLaunchPath(git.repos['r-repo'].cloneUrl, 'main', 'scores.ipynb'))
  const nb = new NotebookPage(page)
  await expect(page.getByRole('heading', { name: 'Exam scores in R' })).toBeVisible()
  await expect(page.locator('.jp-NotebookPanel-toolbar')).toContainText('R (webR)')
  await nb.waitForKernelIdle()

  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText(['mean: 5.333333 ', '[1] 16'])
  await nb.runCell(1)
  // read.csv found data/scores.csv: the repository is R's working directory.
  const table = nb.output(1).locator('table.dataframe')
  await expect(table.locator('caption')).toHaveText('A data.frame: 3 × 2')
  await expect(table.locator('thead th')).toHaveText(['', 'name', 'score'])
  await expect(table.locator('tbody tr').nth(1)).toHaveText('2bob5')
  await nb.runCell(2)
  const img = nb.output(2).locator('img')
  await expect(img).toHaveAttribute('src', /^data:image\/png;base64,/)
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(672)
  await nb.runCell(3)
  await expect(nb.output(3)).toContainText('Error: no such student')

  await page.setViewportSize({ width: 1280, height: 1300 })
  await page.getByRole('heading', { name: 'Exam scores in R' }).scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('r-notebook.png'), fullPage: true })
})

test('the same repository opens its Python notebook on Pyodide', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['r-repo'].cloneUrl, 'main', 'hello.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await expect(page.locator('.jp-NotebookPanel-toolbar')).toContainText('Python 3 (Pyodide)')
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('python here 42')
})

test('install.packages() in an R notebook installs from the configured webR repository', async ({ page, git }) => {
  const repo = await startWebrRepoServer()
  try {
    await repo.addFromDir(fileURLToPath(new URL('./fixtures/r-packages/greetr', import.meta.url)))
    // After the fixtures' own init script, which sets pypiUrl: keep it, add webrRepoUrl.
    await page.addInitScript((url) => {
      const cfg = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
      localStorage.setItem('quire:config', JSON.stringify({ ...cfg, webrRepoUrl: url }))
    }, repo.url)
    await page.goto(gitLaunchPath(git.repos['r-repo'].cloneUrl, 'main', 'packages.ipynb'))
    const nb = new NotebookPage(page)
    await nb.waitForKernelIdle()
    await nb.runCell(0)
    await expect(nb.output(0).last()).toHaveText('[1] "Hello, browser, from greetr 0.2.0!"')
    await expect(nb.output(0).first()).toContainText('Downloading webR package: greetr')
    expect(repo.requests).toContain('/bin/emscripten/contrib/4.6/greetr_0.2.0.tgz')
  } finally {
    await repo.stop()
  }
})

test('the stop button interrupts a busy R loop; the workspace stays', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['r-repo'].cloneUrl, 'main', 'loop.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  // Streamed while the loop still runs: the cell is busy and its first line is already shown.
  await expect(nb.output(0)).toHaveText('counting')
  await expect(page.locator('[data-jp-item-name="kernel-status"]')).toHaveAttribute('title', /Kernel Busy/)
  await page.getByRole('button', { name: 'Interrupt the kernel' }).click()
  await expect(nb.output(0)).toHaveText(['counting', 'Interrupted'])
  await nb.runCell(1)
  await expect(nb.output(1)).toHaveText('[1] TRUE')
})

// Servers of its own, so that the test can stop every one of them: offline must mean nothing answers.
test('install.R packages resolve against the webR repository, are installed before the first cell, and load offline on reopening', async ({
  page,
  context,
}) => {
  // Two R boots (online, then offline) and a launch with downloads: more than the default budget on a busy machine.
  test.setTimeout(240_000)
  const app: Server = await startStaticServer({ root: DIST })
  const site = `http://127.0.0.1:${(app.address() as { port: number }).port}`
  const git = await startGitServer()
  const webr = await startWebrRepoServer()
  try {
    for (const p of ['greetr', 'shoutr'])
      await webr.addFromDir(fileURLToPath(new URL(`./fixtures/r-packages/${p}`, import.meta.url)))
    const { cloneUrl } = await git.addRepo('r-install', fixtureDir('repos', 'r-install'))
    await page.addInitScript((url) => {
      const cfg = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
      localStorage.setItem('quire:config', JSON.stringify({ ...cfg, webrRepoUrl: url }))
    }, webr.url)
    await page.goto(site + gitLaunchPath(cloneUrl, 'main', 'shout.ipynb'))
    const nb = new NotebookPage(page)
    await expect(page.getByRole('heading', { name: 'Packages from install.R' })).toBeVisible()
    // A browser verdict: the notebook, with no warnings above it.
    await expect(page.locator('.q-verdict')).toHaveCount(0)
    await expect(page.locator('.q-warnings')).toHaveCount(0)
    await nb.waitForKernelIdle()
    await nb.runCell(0)
    await expect(nb.output(0)).toHaveText('[1] "HELLO, OFFLINE, FROM GREETR 0.2.0!"')
    // The launch fetched the index and both binaries (shoutr imports greetr); R fetched nothing itself.
    expect(webr.requests.filter((r) => r.endsWith('.tgz')).sort()).toEqual([
      '/bin/emscripten/contrib/4.6/greetr_0.2.0.tgz',
      '/bin/emscripten/contrib/4.6/shoutr_1.0.1.tgz',
    ])
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
    await page.screenshot({ path: test.info().outputPath('r-install.png') })

    await webr.stop()
    await git.stop()
    await reloadOffline(page, context, app)
    await expect(page.locator('.q-offline')).toContainText('offline — showing commit')
    await nb.waitForKernelIdle()
    // A new cell, since the first one's output was saved with the notebook: R (a fresh one) loads
    // shoutr from the library the kernel installed at start, from IndexedDB.
    await nb.codeCell(1).locator('.cm-content').click()
    await page.keyboard.type('shoutr::shout("again")')
    await page.keyboard.press('Shift+Enter')
    await expect(nb.output(1)).toHaveText('[1] "HELLO, AGAIN, FROM GREETR 0.2.0!"')
    await page.screenshot({ path: test.info().outputPath('r-install-offline.png') })
  } finally {
    await context.setOffline(false)
    await webr.stop().catch(() => undefined)
    await git.stop().catch(() => undefined)
    await stopSite(app)
  }
})

test('a notebook whose kernelspec is named "R", with no language, opens on webR too', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['r-repo'].cloneUrl, 'main', 'bare-r.ipynb'))
  const nb = new NotebookPage(page)
  await expect(page.locator('.jp-NotebookPanel-toolbar')).toContainText('R (webR)')
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('[1] "R 4.6.0"')
})

test('an R-only repository boots no Python: the kernel frame goes once the notebooks are known, and is never made again', async ({
  page,
  git,
}) => {
  // Every isolation frame the page makes (kernels/python/frame), and every Pyodide download it asks for.
  await page.addInitScript(() => {
    const w = window as unknown as { quireKernelFrames: number }
    w.quireKernelFrames = 0
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof HTMLIFrameElement && n.classList.contains('quire-KernelFrame')) w.quireKernelFrames++
    }).observe(document, { childList: true, subtree: true })
  })
  const pyodide: string[] = []
  page.on('request', (r) => {
    if (/pyodide\.asm\.(wasm|mjs)|python_stdlib\.zip/.test(r.url())) pyodide.push(r.url())
  })
  const path = gitLaunchPath(git.repos['r-only'].cloneUrl, 'main')
  const nb = new NotebookPage(page)

  // First launch: nothing is known of the repository, so Python starts early, and stops once its
  // notebooks turn out to be R only.
  await page.goto(path)
  await expect(page.locator('.jp-NotebookPanel-toolbar')).toContainText('R (webR)')
  await nb.waitForKernelIdle()
  await expect(page.locator('iframe.quire-KernelFrame')).toHaveCount(0)

  // Next launch: the page remembers the notebooks' languages and starts no Python at all.
  pyodide.length = 0
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Sums in R only' })).toBeVisible()
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('total: 10 ')
  expect(await page.evaluate(() => (window as unknown as { quireKernelFrames: number }).quireKernelFrames)).toBe(0)
  expect(pyodide).toEqual([])
})
