import { expect, test } from './fixtures'
import { NotebookPage } from './notebookPage'

test('the landing page opens the built-in demo, and its cells run in Pyodide', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('link', { name: 'Try the demo' }).click()
  await expect(page).toHaveURL(/\/v2\/demo\/quire-demo$/)

  const nb = new NotebookPage(page)
  await expect(nb.page.locator('.jp-Notebook')).toBeVisible()
  await expect(nb.page.getByRole('heading', { name: 'Welcome to Quire' })).toBeVisible()
  // While Python boots the page says so, naming the steps: Python, then the package it installs.
  const strip = page.locator('[data-kernel-phase="starting"]')
  await expect(strip.locator('li').first()).toHaveText(/^(Starting|Started) (Python 3 \(Pyodide\)|the kernel)$/)
  await expect(strip.locator('li').nth(1)).toHaveText('installing 1 package')
  await nb.waitForKernelIdle()
  await expect(page.locator('.q-kernel-strip')).toHaveCount(0)

  // One cell by keyboard: print output appears under it.
  await nb.runCell(0)
  await expect(nb.output(0)).toContainText('Python 3.14')
  await expect(nb.output(0)).toContainText('on emscripten')

  // The rest with the toolbar: the last expression's value, a data file, the wheel from requirements.txt.
  await nb.runAll()
  await expect(nb.output(1)).toHaveText('5050')
  await expect(nb.output(2)).toContainText('6 months, mean 61.0 mm')
  await expect(nb.output(3)).toContainText(
    'Hello, world! This line comes from quire_hello 0.1.0, installed from a wheel.',
  )
  await expect(nb.output(3)).toContainText('Jan ')
  // Run all ran the first cell a second time: counts follow execution order, as in Jupyter.
  await expect(nb.codeCell(0).locator('.jp-InputPrompt')).toHaveText('[2]:')
  await expect(nb.codeCell(3).locator('.jp-InputPrompt')).toHaveText('[5]:')
})
