import { startGitServer } from './servers/git-server'
import type { Page } from '@playwright/test'
import { expect, fixtureDir, gitLaunchPath, newSharedPage, test } from './fixtures'
import { NotebookPage } from './notebookPage'
import { WorkspacePage } from './workspacePage'

test.describe('csv-repo, launched once: cells run, then an edit survives a reload', () => {
  // Serial steps on one page: one launch and Python boot for both. The edit step types into the second code
  // cell and reads only it, which the run step leaves as the repository has it (its source is not changed).
  test.describe.configure({ mode: 'serial' })
  let page: Page
  let nb: NotebookPage

  test.beforeAll(async ({ browser, pypi, git }) => {
    page = await newSharedPage(browser, pypi)
    await page.goto(gitLaunchPath(git.repos['csv-repo'].cloneUrl, 'main', 'analysis.ipynb'))
    nb = new NotebookPage(page)
  })

  test.afterAll(async () => {
    await page?.context().close()
  })

  test('a /v2/git link clones the repository and runs cells in its folder with its requirements', async ({ git }) => {
    const { sha } = git.repos['csv-repo']
    await expect(page.locator('.q-sha')).toHaveText(sha.slice(0, 7))
    await expect(page.getByRole('heading', { name: 'City temperatures' })).toBeVisible()
    await nb.waitForKernelIdle()

    await nb.runCell(0)
    await expect(nb.output(0)).toContainText('city,temp')
    await expect(nb.output(0)).toContainText('Lima,19')
    await nb.runCell(1)
    await expect(nb.output(1)).toHaveText('3')
    // tinytable>=1.1 came from the local index: the newest matching release, 1.2.0, not 1.0.0.
    await nb.runCell(2)
    await expect(nb.output(2)).toContainText('tinytable 1.2.0')
  })

  test('an edit is saved to IndexedDB as the user types and survives a reload', async () => {
    await nb.waitForKernelIdle()
    await nb.codeCell(1).locator('.cm-content').click()
    await page.keyboard.press('End')
    await page.keyboard.type(' + 40')
    await expect(nb.codeCell(1).locator('.cm-content')).toHaveText('1 + 2 + 40')

    // No explicit save: autosave writes the overlay within a couple of seconds.
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            new Promise<string>((ok, fail) => {
              const req = indexedDB.open('quire')
              req.onerror = () => fail(req.error)
              req.onsuccess = () => {
                const get = req.result.transaction('edits').objectStore('edits').getAll()
                get.onsuccess = () => ok(JSON.stringify(get.result.map((r: { content: string }) => r.content)))
              }
            }),
        ),
      )
      .toContain('1 + 2 + 40')

    await page.reload()
    await nb.waitForKernelIdle()
    await expect(nb.codeCell(1).locator('.cm-content')).toHaveText('1 + 2 + 40')
    await nb.runCell(1)
    await expect(nb.output(1)).toHaveText('43')
  })
})

test('reloading reopens the repository from IndexedDB with the git server stopped', async ({ page }) => {
  const own = await startGitServer()
  const { cloneUrl } = await own.addRepo('csv-repo', fixtureDir('repos', 'csv-repo'))
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'analysis.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await expect(page.locator('.q-badge')).toHaveCount(0)
  await own.stop()

  await page.reload()
  await expect(page.locator('.q-badge')).toHaveText('cached')
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toContainText('Oslo,3')
  await nb.runCell(2)
  await expect(nb.output(2)).toContainText('tinytable 1.2.0')
})

test('several notebooks and none named: the overview, then the chosen notebook in a tab', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['two-notebooks'].cloneUrl))
  const ws = new WorkspacePage(page)
  const links = page.locator('.quire-Overview-notebooks button')
  await expect(links).toHaveText(['a.ipynb', 'sub/b.ipynb'])
  // The README rendered under the notebooks, the folder tree beside them.
  await expect(page.locator('.quire-Overview-readme').getByRole('heading', { name: 'two-notebooks' })).toBeVisible()
  await expect(ws.row('sub')).toBeVisible()
  await links.nth(1).click()
  await expect(ws.tab('b.ipynb')).toBeVisible()
  await expect(ws.current.locator('.jp-Notebook')).toBeVisible()
  await ws.waitForKernelIdle()
  await ws.runCell(0)
  await expect(ws.current.locator('.jp-OutputArea-output').first()).toHaveText('45')
  await ws.tab('Overview').click()
  await expect(links.first()).toBeVisible()
})

test('a labpath that is not in the repository gives a notice and the overview', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['two-notebooks'].cloneUrl, 'main', 'missing.ipynb'))
  await expect(page.locator('[data-error-code="NOTEBOOK_NOT_FOUND"]')).toContainText('missing.ipynb')
  await expect(page.locator('.quire-Overview-notebooks button')).toHaveText(['a.ipynb', 'sub/b.ipynb'])
})

test('a labpath naming a file that is not a notebook opens it in front of the first notebook', async ({
  page,
  git,
}) => {
  await page.goto(gitLaunchPath(git.repos['two-notebooks'].cloneUrl, 'main', 'README.md'))
  const ws = new WorkspacePage(page)
  await expect(ws.tab('a.ipynb')).toBeVisible()
  await expect(ws.tab('README.md')).toHaveAttribute('aria-selected', 'true')
  await expect(ws.current.getByRole('heading', { name: 'two-notebooks' })).toBeVisible()
  await expect(page.locator('[data-error-code="NOTEBOOK_NOT_FOUND"]')).toHaveCount(0)
})
