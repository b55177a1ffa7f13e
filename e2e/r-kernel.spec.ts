import { fileURLToPath } from 'node:url'
import { expect, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'
import { startWebrRepoServer } from './servers/webr-repo'

// webR boots R from the site's own /webr/<version>/ folder: no network beyond the local servers.
test('an R notebook runs on webR: printed text, a data frame as a table, a plot as an image, an error', async ({ page, git }) => {
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
