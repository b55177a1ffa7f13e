// Voilà links (urlpath=voila/render/<notebook>, as binder-examples/voila's badges): the notebook
// opens as an app — every cell runs, only outputs and live widgets show, the first error stops the
// run and shows as Voilà shows it, and "Show code" shows the notebook itself.
import { expect, fixtureDir, test } from './fixtures'

test('a Voilà link shows outputs only, a slider that moves, and the error as Voilà words it', async ({ page, git }) => {
  const { cloneUrl } = await git.addRepo('voila-app', fixtureDir('repos', 'voila-app'))
  await page.goto(
    `/v2/git/${encodeURIComponent(cloneUrl)}/main?urlpath=${encodeURIComponent('voila/render/app.ipynb')}`,
  )
  const app = page.locator('.q-notebook')
  await expect(page.locator('.q-voila-progress')).toContainText(/Running app\.ipynb|Starting app\.ipynb/)
  await expect(app).toHaveAttribute('data-app-state', 'failed', { timeout: 120_000 })
  await expect(page.locator('.q-voila-progress')).toHaveText('')

  // Outputs and markdown show; code, prompts, the toolbar and the traceback do not.
  await expect(app.getByRole('heading', { name: 'Dice dashboard' })).toBeVisible()
  await expect(app.getByText('the app is ready', { exact: true })).toBeVisible()
  await expect(app.locator('.jp-CodeCell .jp-InputArea').first()).toBeHidden()
  await expect(app.locator('.jp-Toolbar')).toBeHidden()
  await expect(app.locator('.jp-OutputPrompt').first()).toBeHidden()
  await expect(app.getByText('ZeroDivisionError')).toBeHidden()
  await expect(app.getByText('a warning', { exact: true })).toBeHidden()
  await expect(app.locator('.q-voila-error')).toHaveText(
    'There was an error when executing cell [3]. Choose "Show code" to see the error message.',
  )
  // Voilà stops at the first error: the cell after it never ran.
  await expect(page.getByText('never run after an error', { exact: true })).toHaveCount(0)
  await page.screenshot({ path: test.info().outputPath('voila-app.png') })

  // The slider is live: moving it runs Python's observer, which moves the second slider.
  const [n, square] = [app.locator('.widget-slider').nth(0), app.locator('.widget-slider').nth(1)]
  await expect(n.locator('.widget-readout')).toHaveText('3')
  await n.locator('.noUi-handle').focus()
  await page.keyboard.press('ArrowRight')
  await expect(n.locator('.widget-readout')).toHaveText('4')
  await expect(square.locator('.widget-readout')).toHaveText('16')
  // Typed shortcuts do not edit the app: D D would delete a cell in the notebook view.
  await app.getByText('the app is ready', { exact: true }).click()
  await page.keyboard.press('d')
  await page.keyboard.press('d')
  await expect(app.locator('.jp-Cell')).toHaveCount(5)

  await page.getByLabel('Show code').check()
  await expect(app.locator('.jp-CodeCell .jp-InputArea').first()).toBeVisible()
  await expect(app.getByText('ZeroDivisionError').first()).toBeVisible()
  await expect(app.locator('.q-voila-error')).toBeHidden()
  await page.screenshot({ path: test.info().outputPath('voila-code.png') })
})
