// Phones, tablets and a student's first minute (issue 24): the notebook keeps the width on narrow
// screens, touch gets run buttons, and running cells is not an edit.
import { expect, gitLaunchPath, test } from './fixtures'
import { startHeldPyodide } from './servers/held-pyodide'
import { WorkspacePage } from './workspacePage'

const SCREENS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'desktop', width: 1280, height: 800 },
]

for (const screen of SCREENS) {
  test(`a ${screen.name} (${screen.width} px) gets a usable notebook`, async ({ page, git }) => {
    await page.setViewportSize(screen)
    await page.goto(gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb'))
    const ws = new WorkspacePage(page)
    await expect(page.locator('.jp-Notebook')).toBeVisible()
    await expect(page.locator('.q-kernel-strip')).toHaveCount(0, { timeout: 90_000 })
    // The repository's name is whole in the header at every width.
    await expect(page.locator('.q-repo')).toHaveText('workspace-repo')
    const repo = await page.locator('.q-repo').boundingBox()
    expect(repo && repo.x + repo.width).toBeLessThanOrEqual(screen.width)
    // What a phone keeps of the toolbar: run, stop, run all and the cell type.
    for (const item of ['run', 'interrupt', 'run-all', 'cellType'])
      await expect(ws.current.locator(`.jp-Toolbar > [data-jp-item-name="${item}"]`)).toBeVisible()
    // The kernel's busy/idle status is in sight at every width: beside Stop where the toolbar's end folds.
    const statusItem = screen.width <= 640 ? 'kernel-status-narrow' : 'kernel-status'
    const status = ws.current.locator(`.jp-Toolbar > [data-jp-item-name="${statusItem}"]`)
    await expect(status).toBeVisible()
    await expect(status).toHaveAttribute('title', /^Kernel (Idle|Busy)/)
    const statusBox = await status.boundingBox()
    expect(statusBox && statusBox.x + statusBox.width).toBeLessThanOrEqual(screen.width)
    if (screen.width > 640)
      await expect(ws.current.locator('.jp-Toolbar > [data-jp-item-name="kernel-status-narrow"]')).toBeHidden()
    const notebook = await page.locator('.q-notebook').boundingBox()
    if (screen.width < 1024) {
      // The Files panel is a closed drawer: the notebook has the whole width.
      await expect(ws.panel).toBeHidden()
      expect(notebook?.width).toBe(screen.width)
      await page.screenshot({ path: test.info().outputPath(`notebook-${screen.width}.png`) })
      await page.getByRole('button', { name: 'Files' }).click()
      await expect(ws.panel).toBeVisible()
      await page.screenshot({ path: test.info().outputPath(`drawer-${screen.width}.png`) })
      // Opening a file from the drawer shows it; the drawer steps aside.
      await ws.open('survey.md')
      await expect(ws.tab('survey.md')).toBeVisible()
      await expect(ws.panel).toBeHidden()
    } else {
      await expect(ws.panel).toBeVisible()
      await expect(page.getByRole('button', { name: 'Files' })).toBeHidden()
      expect(notebook?.width).toBeGreaterThan(screen.width - 300)
      await page.screenshot({ path: test.info().outputPath(`notebook-${screen.width}.png`) })
    }
  })
}

test.describe('on a touch screen', () => {
  // A phone's screen and touch input, in the suite's own Chromium.
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })

  test('a tap selects a cell and each code cell has a run button', async ({ page, git }) => {
    await page.goto(gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb'))
    const ws = new WorkspacePage(page)
    await expect(page.locator('.q-kernel-strip')).toHaveCount(0, { timeout: 90_000 })
    await ws.current.locator('.jp-Cell').nth(2).tap()
    await expect(ws.current.locator('.jp-Cell').nth(2)).toHaveClass(/jp-mod-active/)
    const run = ws.codeCell(0).getByRole('button', { name: 'Run this cell' })
    await expect(run).toBeVisible()
    await run.tap()
    await expect(ws.codeCell(0).locator('.jp-OutputArea-output')).toHaveText('3 rows')
    await page.screenshot({ path: test.info().outputPath('touch-390.png') })
  })
})

test('running cells is not an edit: no mark, nothing to export; a changed source is', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  const ws = new WorkspacePage(page)
  await ws.waitForKernelIdle()
  await ws.runCell(0)
  await expect(ws.codeCell(0).locator('.jp-OutputArea-output')).toHaveText('3 rows')
  await ws.runCell(2)
  await expect(ws.codeCell(2).locator('.jp-OutputArea-output')).toContainText('data.csv')
  // Outputs are saved (they come back on reload) but the notebook is not the user's edit.
  await expect
    .poll(async () => (await ws.storedEdit('analysis.ipynb'))?.content ?? '', { timeout: 10_000 })
    .toContain('3 rows')
  await expect(ws.row('analysis.ipynb')).toHaveAttribute('data-status', 'unchanged')
  await expect(ws.panel.getByRole('button', { name: 'Export' })).toBeDisabled()
  await page.reload()
  await expect(ws.codeCell(0).locator('.jp-OutputArea-output')).toHaveText('3 rows')
  await expect(ws.row('analysis.ipynb')).toHaveAttribute('data-status', 'unchanged')

  await ws.codeCell(0).locator('.cm-content').click()
  await page.keyboard.press('End')
  await page.keyboard.type('  # mine')
  await expect(ws.row('analysis.ipynb')).toHaveAttribute('data-status', 'modified', { timeout: 10_000 })
  await expect(ws.panel.getByRole('button', { name: 'Export' })).toBeEnabled()
})

test('a cell run while Python starts says what it waits for, then runs; the strip names the steps', async ({
  page,
  git,
}) => {
  // Python's standard library is held back: the kernel cannot be ready until the test says so.
  const pyodide = await startHeldPyodide()
  await page.addInitScript((url) => {
    const cur: unknown = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
    localStorage.setItem(
      'quire:config',
      JSON.stringify({ ...(typeof cur === 'object' ? cur : {}), pyodideIndexUrl: url }),
    )
  }, pyodide.url)
  const link = gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb')
  const ws = new WorkspacePage(page)
  const strip = page.locator('.q-kernel-strip')
  for (const visit of ['first', 'second']) {
    pyodide.hold()
    await page.goto(link)
    await expect(strip).toContainText('Starting Python 3 (Pyodide)')
    await expect(strip.locator('li[data-state="next"]')).toHaveText('opening the files')
    await expect(strip.locator('.q-kernel-timing')).toContainText(
      visit === 'first' ? 'the first start in this browser takes longest' : 's left',
    )
    await expect.poll(() => pyodide.heldRequests()).toBeGreaterThan(0)
    await ws.runCell(0)
    await expect(ws.codeCell(0).locator('.q-cell-waiting')).toHaveText('waiting for Python…')
    if (visit === 'first') await page.screenshot({ path: test.info().outputPath('waiting-for-python.png') })
    pyodide.release()
    await expect(ws.codeCell(0).locator('.jp-OutputArea-output')).toHaveText('3 rows')
    await expect(ws.codeCell(0).locator('.q-cell-waiting')).toHaveCount(0)
    await expect(strip).toHaveCount(0)
  }
  await pyodide.stop()
})
