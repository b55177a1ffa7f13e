import type { Page } from '@playwright/test'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'
import { startPypiServer } from './servers/pypi-server'

/** Object store contents of the page's IndexedDB (keys only), to check what deleting left. */
function storedKeys(page: Page, store: string) {
  return page.evaluate((name) => new Promise<string[]>((ok, fail) => {
    const req = indexedDB.open('quire')
    req.onerror = () => fail(req.error)
    req.onsuccess = () => {
      const get = req.result.transaction(name).objectStore(name).getAllKeys()
      get.onsuccess = () => ok(get.result.map(String))
    }
  }), store)
}

test('the storage page lists each repository with its commit, sizes and last opened; deleting one keeps what the other shares and its edits', async ({ page, git }) => {
  const { cloneUrl, sha } = git.repos['csv-repo']
  // The same commit through its branch and its full SHA: two entries sharing one folder and one wheel.
  await page.goto(gitLaunchPath(cloneUrl, sha, 'analysis.ipynb'))
  const nb = new NotebookPage(page)
  await expect(nb.codeCell(0).locator('.cm-content')).toBeVisible()
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'analysis.ipynb'))
  await expect(nb.codeCell(0).locator('.cm-content')).toBeVisible()
  await nb.codeCell(1).locator('.cm-content').click()
  await page.keyboard.press('End')
  await page.keyboard.type(' + 40')
  await expect.poll(() => storedEditText(page, `git:${cloneUrl}@main:analysis.ipynb`)).toContain('1 + 2 + 40')

  await page.getByRole('link', { name: 'Storage' }).click()
  await expect(page.getByRole('heading', { name: 'Storage' })).toBeVisible()
  const rows = page.locator('.q-store-row')
  await expect(rows).toHaveCount(2)
  const main = rows.filter({ has: page.locator('.q-store-ref', { hasText: /^main$/ }) })
  const pinned = rows.filter({ has: page.locator('.q-store-ref', { hasText: sha }) })
  await expect(main.locator('.q-store-sha')).toHaveText(sha.slice(0, 7))
  await expect(main.locator('.q-store-sizes')).toContainText('wheels')
  await expect(main.locator('.q-store-sizes')).toContainText('(1, 1 shared)')
  await expect(main.locator('.q-store-sizes')).toContainText('1 file')
  await expect(main.locator('.q-store-sizes')).toContainText(String(new Date().getFullYear()))
  // Most recently opened first.
  await expect(rows.first()).toHaveAttribute('data-key', `git:${cloneUrl}@main`)
  await expect(main.locator('.q-store-status')).toHaveText('available offline')
  await page.screenshot({ path: test.info().outputPath('storage-page.png'), fullPage: true })

  // "Make available offline" asks for persistent storage, checks everything a reopen needs, and says what it stored.
  await main.getByRole('button', { name: 'Make available offline' }).click()
  await expect(page.getByRole('status')).toContainText(/Available offline: \d+ files \([\d.]+ (?:B|kB|MB)\), 1 wheel, 0 Pyodide packages\./)

  // Deleting the pinned entry keeps the shared wheel and commit folder, and main's edit.
  await pinned.getByRole('button', { name: 'Delete' }).click()
  await pinned.getByRole('button', { name: 'Delete' }).click()
  await expect(rows).toHaveCount(1)
  await expect(page.getByRole('status')).toContainText('0 wheels no other repository uses')
  expect(await storedKeys(page, 'wheels')).toHaveLength(1)
  // Its own saved notebook (JupyterLab saves kernel metadata) went with it; main's edit did not.
  expect(await storedKeys(page, 'edits')).toEqual([`git:${cloneUrl}@main:analysis.ipynb`])
  await expect(main.locator('.q-store-sizes')).toContainText('(1)')

  // main still reopens from storage, with its edit.
  await page.goBack()
  await expect(nb.codeCell(1).locator('.cm-content')).toHaveText('1 + 2 + 40')

  // Deleting everything asks first, then leaves nothing.
  await page.goto('/storage')
  await page.getByRole('button', { name: 'Delete everything…' }).click()
  await page.getByRole('button', { name: 'Delete everything', exact: true }).click()
  await expect(page.locator('.q-store-empty')).toHaveText('Nothing stored yet.')
  for (const store of ['repos', 'commits', 'envs', 'wheels', 'edits']) expect(await storedKeys(page, store)).toEqual([])
})

test('out of space (a test quota at the IndexedDB layer): an edit evicts the least recently used cache, never edits; when nothing is left the edit stays on screen and is saved once there is room', async ({ page, git }) => {
  // Flag read by src/store/quotaShim.ts at every write; huge until the test tightens it.
  await page.addInitScript(() => localStorage.getItem('quire:test-quota-bytes') ?? localStorage.setItem('quire:test-quota-bytes', String(1e12)))
  const setBudget = (extra: number) => page.evaluate((x) => {
    const used = (globalThis as unknown as { __quireTestQuota: { used: number } }).__quireTestQuota.used
    localStorage.setItem('quire:test-quota-bytes', String(used + x))
  }, extra)
  const older = git.repos['csv-repo']
  const nb = new NotebookPage(page)
  await page.goto(gitLaunchPath(older.cloneUrl, 'main', 'analysis.ipynb'))
  await expect(nb.codeCell(0).locator('.cm-content')).toBeVisible()
  await page.goto(gitLaunchPath(git.repos['two-notebooks'].cloneUrl, 'main', 'a.ipynb'))
  await expect(nb.codeCell(0).locator('.cm-content')).toBeVisible()
  const olderKey = `git:${older.cloneUrl}@main`
  const editsBefore = (await storedKeys(page, 'edits')).filter((k) => k.startsWith(olderKey))
  expect(await storedKeys(page, 'repos')).toContain(olderKey)
  expect(await storedKeys(page, 'wheels')).toHaveLength(1)

  // Only a few bytes free: saving the edit needs the older repository's cache to go.
  await setBudget(4)
  await nb.codeCell(0).locator('.cm-content').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type("\nprint('kept')")
  const aKey = `git:${git.repos['two-notebooks'].cloneUrl}@main:a.ipynb`
  await expect.poll(() => storedKeys(page, 'repos')).not.toContain(olderKey)
  expect(await storedKeys(page, 'wheels')).toEqual([])
  // Its edits were not evicted.
  expect((await storedKeys(page, 'edits')).filter((k) => k.startsWith(olderKey))).toEqual(editsBefore)
  await expect.poll(() => storedEditText(page, aKey)).toContain("print('kept')")

  // Nothing left to evict: the save fails and says so, the edit stays in the notebook.
  await setBudget(4)
  // One input event: the failed save's dialog must not land in the middle of the typing.
  await page.keyboard.insertText("\nprint('no room')")
  await expect(page.locator('.jp-Dialog')).toContainText('No space left to store your edit of a.ipynb')
  await expect(page.locator('.jp-Dialog')).toContainText('Storage page (/storage)')
  await page.screenshot({ path: test.info().outputPath('storage-full.png') })
  await page.locator('.jp-Dialog').getByRole('button', { name: 'Close' }).click()
  await expect(nb.codeCell(0).locator('.cm-content')).toContainText("print('no room')")
  expect(await storedEditText(page, aKey)).not.toContain("print('no room')")

  // Space freed: the next save writes everything typed, and a reload shows it.
  await page.evaluate(() => localStorage.setItem('quire:test-quota-bytes', String(1e12)))
  await nb.codeCell(0).locator('.cm-content').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(' # saved')
  await expect.poll(() => storedEditText(page, aKey)).toContain("print('no room') # saved")
  await page.reload()
  await expect(nb.codeCell(0).locator('.cm-content')).toContainText("print('no room') # saved")
})

function storedEditText(page: Page, id: string) {
  return page.evaluate((key) => new Promise<string>((ok, fail) => {
    const req = indexedDB.open('quire')
    req.onerror = () => fail(req.error)
    req.onsuccess = () => {
      const get = req.result.transaction('edits').objectStore('edits').get(key)
      get.onsuccess = () => ok((get.result as { content?: string } | undefined)?.content ?? '')
    }
  }), id)
}

test('the service worker keeps files from Pyodide\'s package base (another origin), so they load with that server gone', async ({ page, context }) => {
  const cdn = await startPypiServer()
  const { filename } = await cdn.addFromDir(fixtureDir('packages', 'greetings'))
  const url = `${cdn.url}/files/${encodeURIComponent(filename)}`
  await page.addInitScript((base) => {
    const cur: unknown = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
    localStorage.setItem('quire:config', JSON.stringify({ ...(typeof cur === 'object' ? cur : {}), pyodidePackageBaseUrl: base }))
  }, `${cdn.url}/files/`)
  await page.goto('/')
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null).catch(() => false)).toBe(true)
  // The page tells the worker the package base once registered; from then on what Pyodide fetches there is kept.
  let size = 0
  await expect.poll(async () => {
    size = await page.evaluate((u) => fetch(u).then((r) => r.arrayBuffer()).then((b) => b.byteLength), url)
    return page.evaluate((u) => caches.open('quire-packages-v1').then((c) => c.match(u)).then((r) => r !== undefined), url)
  }).toBe(true)
  await cdn.stop()
  await context.setOffline(true)
  expect(await page.evaluate((u) => fetch(u).then((r) => r.arrayBuffer()).then((b) => b.byteLength), url)).toBe(size)
  expect(size).toBeGreaterThan(0)
})
