import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, gitLaunchPath, newSharedPage, test } from './fixtures'
import { NotebookPage } from './notebookPage'

// Both tests are steps on one launched notebook (serial): one launch and Python boot for the file.
// The toolbar test works on the first code cell, which the download test leaves as it was.
test.describe.configure({ mode: 'serial' })

let page: Page
let nb: NotebookPage

test.beforeAll(async ({ browser, pypi, git }) => {
  page = await newSharedPage(browser, pypi)
  await page.goto(gitLaunchPath(git.repos['csv-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
})

test.afterAll(async () => {
  await page?.context().close()
})

test('the toolbar downloads the notebook as the user sees it, edits and outputs included', async () => {
  await nb.codeCell(1).locator('.cm-content').click()
  await page.keyboard.press('End')
  await page.keyboard.type(' + 1')
  await page.keyboard.press('Shift+Enter')
  await expect(nb.output(1)).toHaveText('4')

  // Keyboard: Esc to command mode, M turns the selected cell (now the third code cell) into markdown.
  await page.keyboard.press('Escape')
  await page.keyboard.press('m')
  await expect(page.locator('.jp-Notebook .jp-Cell').nth(3)).toHaveClass(/jp-MarkdownCell/)

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-jp-item-name="download"] jp-button').click(),
  ])
  expect(download.suggestedFilename()).toBe('analysis.ipynb')
  const nbJson = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    nbformat: number
    cells: Array<{ cell_type: string; source: string | string[]; outputs?: Array<{ data?: Record<string, unknown> }> }>
  }
  expect(nbJson.nbformat).toBe(4)
  const src = (c: { source: string | string[] }) => (Array.isArray(c.source) ? c.source.join('') : c.source)
  expect(src(nbJson.cells[2])).toBe('1 + 2 + 1')
  expect(nbJson.cells[2].outputs?.[0]?.data?.['text/plain']).toBe('4')
  expect(nbJson.cells[3].cell_type).toBe('markdown')
})

test('the cell type menu and the kernel status are in the toolbar', async () => {
  await expect(page.locator('[data-jp-item-name="kernel-name"]')).toContainText('Python 3 (Pyodide)')
  await nb.codeCell(0).locator('.cm-content').click()
  await page.keyboard.press('Escape')
  await page.locator('[data-jp-item-name="cellType"] select').selectOption('markdown')
  await expect(page.locator('.jp-Notebook .jp-Cell').nth(1)).toHaveClass(/jp-MarkdownCell/)
})
