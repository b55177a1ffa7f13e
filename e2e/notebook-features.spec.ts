import type { Page } from '@playwright/test'
import { expect, gitLaunchPath, newSharedPage, test } from './fixtures'
import { NotebookPage } from './notebookPage'

const SHOTS = process.env.QUIRE_E2E_RESULTS ?? 'test-results'

test.describe('math.ipynb, launched once', () => {
  // Serial steps on one page: one launch and Python boot for both. The requests are watched from the first load.
  test.describe.configure({ mode: 'serial' })
  let page: Page
  let nb: NotebookPage
  const scripts: string[] = []
  const hosts = new Set<string>()

  test.beforeAll(async ({ browser, pypi, git }) => {
    page = await newSharedPage(browser, pypi)
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url())
      if (/^https?:/.test(r.url())) hosts.add(new URL(r.url()).hostname)
    })
    await page.goto(gitLaunchPath(git.repos['notebook-ui'].cloneUrl, 'main', 'math.ipynb'))
    nb = new NotebookPage(page)
  })

  test.afterAll(async () => {
    await page?.context().close()
  })

  test('markdown math and Math() outputs are typeset by MathJax, from the bundled chunk', async () => {
    const markdown = nb.active.locator('.jp-MarkdownCell .jp-RenderedMarkdown').first()
    // Inline and display math in a markdown cell.
    await expect(markdown.locator('mjx-container')).toHaveCount(2, { timeout: 30_000 })
    await expect(markdown.locator('mjx-container[display="true"]')).toHaveCount(1)
    await expect(markdown).not.toContainText('$e^')

    await nb.waitForKernelIdle()
    await nb.runCell(0)
    // display(Math(...)) sends text/latex, which JupyterLab's LaTeX renderer hands to the typesetter.
    await expect(nb.output(0).locator('mjx-container')).toBeVisible()
    await expect(nb.output(0)).not.toContainText('\\frac')
    expect(scripts.some((u) => /\/assets\/(mathjax|chtml|tex)-/.test(u))).toBe(true)
    // MathJax's fonts are bundled, so math also renders with no CDN in reach.
    expect([...hosts].filter((h) => h !== '127.0.0.1' && h !== 'localhost')).toEqual([])
    await expect
      .poll(() =>
        page.evaluate(() => [...document.fonts].some((f) => f.family.includes('MJXTEX') && f.status === 'loaded')),
      )
      .toBe(true)
    await page.screenshot({ path: `${SHOTS}/math.png` })
  })

  test('Shift-Tab after a call shows the docstring from the kernel', async () => {
    await nb.waitForKernelIdle()
    await nb.codeCell(1).locator('.cm-content').click()
    await page.keyboard.type('len(')
    await page.keyboard.press('Shift+Tab')
    const tooltip = page.locator('.jp-Tooltip')
    await expect(tooltip).toBeVisible()
    await expect(tooltip).toContainText('Return the number of items in a container')
    await page.screenshot({ path: `${SHOTS}/tooltip.png` })
    // Any key dismisses it, as in JupyterLab, and the text typed so far is untouched.
    await page.keyboard.press('Escape')
    await expect(tooltip).toHaveCount(0)
    await expect(nb.codeCell(1).locator('.cm-content')).toContainText('len(')
  })
})

test('a notebook without math never loads MathJax', async ({ page, git }) => {
  const scripts: string[] = []
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url())
  })
  await page.goto(gitLaunchPath(git.repos['csv-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await expect(nb.active.locator('.jp-RenderedMarkdown').first()).toBeVisible()
  expect(scripts.filter((u) => /\/assets\/(mathjax|chtml|tex)-/.test(u))).toEqual([])
})

test('?labpath= naming a jupytext .md opens it as a notebook that runs', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['notebook-ui'].cloneUrl, 'main', 'notes.md'))
  const nb = new NotebookPage(page)
  await expect(page.locator('.quire-Tabs .lm-TabBar-tab')).toHaveCount(1)
  await expect(page.locator('.quire-Tabs .lm-TabBar-tab')).toContainText('notes.md')
  await expect(nb.active.locator('.jp-MarkdownCell .jp-RenderedMarkdown h1')).toContainText('Notes, as a text notebook')
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('total is 10')
})
