import { startGitServer, type GitServer } from './servers/git-server'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'
import { WorkspacePage } from './workspacePage'
import type { Page } from '@playwright/test'

// Issue 8, upstream changes: a reopened ref opens its stored commit at once; where the ref points
// now is checked afterwards in the launch worker, and only a move brings the prompt, over the
// open notebook.

const notebook = (source: string) =>
  JSON.stringify(
    {
      cells: [{ cell_type: 'code', execution_count: null, id: 'up-1', metadata: {}, outputs: [], source: [source] }],
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )

/** Saved edits of the page's IndexedDB, path → content, as the edit overlay holds them. */
function storedEdits(page: Page) {
  return page.evaluate(
    () =>
      new Promise<Record<string, string>>((ok, fail) => {
        const req = indexedDB.open('quire')
        req.onerror = () => fail(req.error)
        req.onsuccess = () => {
          const get = req.result.transaction('edits').objectStore('edits').getAll()
          get.onsuccess = () =>
            ok(Object.fromEntries(get.result.map((r: { path: string; content: string }) => [r.path, r.content])))
        }
      }),
  )
}

/** The background check ended with this outcome (the prompt's hidden marker; `moved` shows the prompt instead). */
const checked = (page: Page, kind: 'current' | 'kept' | 'unknown') =>
  expect(page.locator(`.q-upstream-checked[data-check="${kind}"]`)).toBeAttached()

/** Marks the document, so a later check can tell an in-place relaunch from a page reload. */
const markDocument = (page: Page) =>
  page.evaluate(() => {
    ;(window as { quireSameDocument?: boolean }).quireSameDocument = true
  })
const isSameDocument = (page: Page) =>
  page.evaluate(() => (window as { quireSameDocument?: boolean }).quireSameDocument === true)

let own: GitServer | undefined
test.afterEach(async () => {
  await own?.stop()
  own = undefined
})

test('edited, with a slow upstream: the stored commit opens and runs while the new commit downloads; keep is remembered, a newer commit asks again, update keeps the edit in place', async ({
  page,
}) => {
  own = await startGitServer()
  const { cloneUrl, sha: v1 } = await own.addRepo('up-edit', fixtureDir('repos', 'two-notebooks'))
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'a.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.codeCell(0).locator('.cm-content').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type("\nprint('mine')")
  await expect.poll(async () => (await storedEdits(page))['a.ipynb'] ?? '').toContain("print('mine')")

  const v2 = await own.commitFiles('up-edit', {
    'a.ipynb': notebook("print('upstream v2')"),
    'new.txt': 'added upstream\n',
  })
  // The new commit's pack is held back until the test lets it go: the reopen must not wait for it.
  own.faults.set({ match: 'up-edit.git/git-upload-pack', mode: 'hold', times: 1 })
  await page.reload()
  await expect.poll(() => own!.faults.hits.some((h) => h.startsWith('hold '))).toBe(true)
  await expect(page.locator('.q-sha')).toHaveText(v1.slice(0, 7))
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText(/^from a\s+mine\s*$/)
  const prompt = page.locator('.q-upstream')
  await expect(prompt).toHaveCount(0)
  // All of the above happened while the server still held the new commit's pack back.
  own.faults.release()
  await expect(prompt).toContainText('This repository has changed (2 files)')
  await expect(prompt).toContainText(`main now points to ${v2.slice(0, 7)}; you are working on ${v1.slice(0, 7)}`)
  await expect(prompt).toContainText(
    'Your edits to a.ipynb stay; the new version is saved beside it as a.upstream.ipynb',
  )
  // It floats over the open notebook, which stays as it was.
  await expect(nb.output(0)).toHaveText(/^from a\s+mine\s*$/)
  await page.screenshot({ path: test.info().outputPath('upstream-prompt.png') })

  await prompt.getByRole('button', { name: `Keep working on ${v1.slice(0, 7)}` }).click()
  await expect(prompt).toHaveCount(0)
  await page.reload()
  await checked(page, 'kept')
  await expect(prompt).toHaveCount(0)
  await expect(page.locator('.q-sha')).toHaveText(v1.slice(0, 7))
  await expect(nb.codeCell(0).locator('.cm-content')).toContainText("print('mine')")

  const v3 = await own.commitFiles('up-edit', { 'a.ipynb': notebook("print('upstream v3')") })
  await page.reload()
  await expect(prompt).toContainText(`main now points to ${v3.slice(0, 7)}`)
  // Counted from the open commit: a.ipynb again, and new.txt from the commit kept aside.
  await expect(prompt).toContainText('This repository has changed (2 files)')
  await markDocument(page)
  // Typed just before Update, inside autosave's delay: saved first, not lost.
  await nb.codeCell(0).locator('.cm-content').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(' # last')
  await prompt.getByRole('button', { name: 'Update' }).click()
  await expect(page.locator('.q-sha')).toHaveText(v3.slice(0, 7))
  await expect(prompt).toHaveCount(0)
  await nb.waitForKernelIdle()
  await expect(nb.codeCell(0).locator('.cm-content')).toContainText("print('mine') # last")
  // The view was relaunched in place: same document, no page reload.
  expect(await isSameDocument(page)).toBe(true)
  const edits = await storedEdits(page)
  expect(edits['a.upstream.ipynb']).toContain('upstream v3')

  // The new version is a file of the workspace beside the user's, and so is the added file.
  const files = new WorkspacePage(page)
  await expect(files.row('new.txt')).toBeVisible()
  await expect(files.row('a.upstream.ipynb')).toBeVisible()
  await files.open('a.upstream.ipynb')
  await expect(files.codeCell(0).locator('.cm-content')).toHaveText("print('upstream v3')")
})

test('no local edits: update takes the new files in place; after it the ref is current; a newer commit kept stays kept', async ({
  page,
}) => {
  own = await startGitServer()
  const { cloneUrl, sha: v1 } = await own.addRepo('up-clean', fixtureDir('repos', 'two-notebooks'))
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'a.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await page.reload()
  // A reopen with nothing new: the check ends quietly.
  await checked(page, 'current')
  await expect(page.locator('.q-upstream')).toHaveCount(0)

  const v2 = await own.commitFiles('up-clean', { 'a.ipynb': notebook("print('upstream v2')") })
  await page.reload()
  const prompt = page.locator('.q-upstream')
  await expect(prompt).toContainText('This repository has changed (1 file)')
  await expect(prompt).toContainText('you have not edited any of them')
  await expect(page.locator('.q-sha')).toHaveText(v1.slice(0, 7))
  await markDocument(page)
  await prompt.getByRole('button', { name: 'Update' }).click()
  await expect(page.locator('.q-sha')).toHaveText(v2.slice(0, 7))
  await expect(nb.codeCell(0).locator('.cm-content')).toHaveText("print('upstream v2')")
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('upstream v2')
  expect(await isSameDocument(page)).toBe(true)
  await checked(page, 'current')
  // Nothing was edited, so nothing was saved beside it.
  expect(Object.keys(await storedEdits(page)).filter((p) => p.includes('upstream'))).toEqual([])

  await own.commitFiles('up-clean', { 'a.ipynb': notebook("print('upstream v3')") })
  await page.reload()
  await prompt.getByRole('button', { name: `Keep working on ${v2.slice(0, 7)}` }).click()
  await expect(prompt).toHaveCount(0)
  await page.reload()
  await checked(page, 'kept')
  await expect(prompt).toHaveCount(0)
  await expect(page.locator('.q-sha')).toHaveText(v2.slice(0, 7))
  await expect(nb.codeCell(0).locator('.cm-content')).toHaveText("print('upstream v2')")
})

test('offline with a moved ref: the stored commit reopens and runs, with no prompt and no error', async ({
  page,
  context,
}) => {
  own = await startGitServer()
  const { cloneUrl, sha: v1 } = await own.addRepo('up-offline', fixtureDir('repos', 'two-notebooks'))
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'a.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  // The service worker serves the app shell and Pyodide once the network is gone.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)

  await own.commitFiles('up-offline', { 'a.ipynb': notebook("print('upstream v2')") })
  await own.stop()
  own = undefined
  await context.setOffline(true)
  try {
    await page.reload()
    await expect(page.locator('.q-sha')).toHaveText(v1.slice(0, 7))
    await checked(page, 'unknown')
    await expect(page.locator('.q-upstream')).toHaveCount(0)
    await expect(page.locator('.q-error')).toHaveCount(0)
    await expect(page.locator('.q-offline')).toContainText(`offline — showing commit ${v1.slice(0, 7)} from`)
    await nb.waitForKernelIdle()
    await nb.runCell(0)
    await expect(nb.output(0)).toHaveText('from a')
  } finally {
    await context.setOffline(false)
  }
})
