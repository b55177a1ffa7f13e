import { startGitServer } from './servers/git-server'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'
import { WorkspacePage } from './workspacePage'
import type { Page } from '@playwright/test'

const notebook = (source: string) => JSON.stringify({
  cells: [{ cell_type: 'code', execution_count: null, id: 'up-1', metadata: {}, outputs: [], source: [source] }],
  metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
  nbformat: 4, nbformat_minor: 5,
}, null, 1)

/** Saved edits of the page's IndexedDB, path → content, as the edit overlay holds them. */
function storedEdits(page: Page) {
  return page.evaluate(() => new Promise<Record<string, string>>((ok, fail) => {
    const req = indexedDB.open('quire')
    req.onerror = () => fail(req.error)
    req.onsuccess = () => {
      const get = req.result.transaction('edits').objectStore('edits').getAll()
      get.onsuccess = () => ok(Object.fromEntries(get.result.map((r: { path: string; content: string }) => [r.path, r.content])))
    }
  }))
}

test('upstream moved on and the user edited a changed notebook: update keeps the edit and saves the new version beside it', async ({ page }) => {
  const own = await startGitServer()
  const { cloneUrl, sha: v1 } = await own.addRepo('up-edit', fixtureDir('repos', 'two-notebooks'))
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'a.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.codeCell(0).locator('.cm-content').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type("\nprint('mine')")
  await expect.poll(async () => (await storedEdits(page))['a.ipynb'] ?? '').toContain("print('mine')")

  const v2 = await own.commitFiles('up-edit', { 'a.ipynb': notebook("print('upstream v2')"), 'new.txt': 'added upstream\n' })
  await page.reload()
  const prompt = page.locator('.q-upstream')
  await expect(prompt).toContainText('This repository has changed (2 files)')
  await expect(prompt).toContainText(`main now points to ${v2.slice(0, 7)}; you are working on ${v1.slice(0, 7)}`)
  await expect(prompt).toContainText('Your edits to a.ipynb stay; the new version is saved beside it as a.upstream.ipynb')
  // Meanwhile the stored commit, with the user's edit, is what is open.
  await expect(page.locator('.q-sha')).toHaveText(v1.slice(0, 7))
  await expect(nb.codeCell(0).locator('.cm-content')).toContainText("print('mine')")
  await page.screenshot({ path: test.info().outputPath('upstream-prompt.png') })

  await prompt.getByRole('button', { name: 'Update' }).click()
  await expect(page.locator('.q-sha')).toHaveText(v2.slice(0, 7))
  await expect(page.locator('.q-upstream')).toHaveCount(0)
  await nb.waitForKernelIdle()
  await expect(nb.codeCell(0).locator('.cm-content')).toContainText("print('mine')")
  const edits = await storedEdits(page)
  expect(edits['a.upstream.ipynb']).toContain('upstream v2')

  // The new version is a file of the workspace beside the user's, and it runs.
  const files = new WorkspacePage(page)
  await expect(files.row('a.upstream.ipynb')).toBeVisible()
  await files.open('a.upstream.ipynb')
  await expect(files.codeCell(0).locator('.cm-content')).toHaveText("print('upstream v2')")
  await own.stop()
})

test('upstream moved on with no local edits: keep stays on the stored commit and is not asked again; update takes the new files', async ({ page }) => {
  const own = await startGitServer()
  const { cloneUrl, sha: v1 } = await own.addRepo('up-clean', fixtureDir('repos', 'two-notebooks'))
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'a.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()

  const v2 = await own.commitFiles('up-clean', { 'a.ipynb': notebook("print('upstream v2')") })
  await page.reload()
  const prompt = page.locator('.q-upstream')
  await expect(prompt).toContainText('This repository has changed (1 file)')
  await expect(prompt).toContainText('you have not edited any of them')
  await prompt.getByRole('button', { name: `Keep working on ${v1.slice(0, 7)}` }).click()
  await expect(prompt).toHaveCount(0)
  await page.reload()
  await expect(page.locator('.q-sha')).toHaveText(v1.slice(0, 7))
  await nb.waitForKernelIdle()
  await expect(page.locator('.q-upstream')).toHaveCount(0)
  await expect(nb.codeCell(0).locator('.cm-content')).toContainText("message = 'from a'")

  // A newer commit is offered again; this time the user updates.
  const v3 = await own.commitFiles('up-clean', { 'a.ipynb': notebook("print('upstream v3')") })
  await page.reload()
  await expect(prompt).toContainText(`main now points to ${v3.slice(0, 7)}`)
  expect(v3).not.toBe(v2)
  await prompt.getByRole('button', { name: 'Update' }).click()
  await expect(page.locator('.q-sha')).toHaveText(v3.slice(0, 7))
  await expect(nb.codeCell(0).locator('.cm-content')).toHaveText("print('upstream v3')")
  // Nothing was edited, so nothing was saved beside it.
  expect(Object.keys(await storedEdits(page)).filter((p) => p.includes('upstream'))).toEqual([])
  await own.stop()
})
