import type { Page } from '@playwright/test'
import { startGitServer, type GitServer } from './servers/git-server'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { dropSnapshots } from './quireDb'
import { openTab, useTestQuota, WorkspacePage } from './workspacePage'

// Issue 25, writes that race: a quota error in the middle of a save, a file rewritten whole in one
// tab while another tab has unsaved edits to it, an upstream Update in one tab while another types.

const SHOTS = process.env.QUIRE_E2E_RESULTS ?? 'test-results'

/** The history's versions of a path, read straight from IndexedDB (src/store/history.ts). */
function storedVersions(page: Page, path: string): Promise<string[]> {
  return page.evaluate(
    (p) =>
      new Promise<string[]>((ok, fail) => {
        const req = indexedDB.open('quire')
        req.onerror = () => fail(req.error)
        req.onsuccess = () => {
          const all = req.result.transaction('history').objectStore('history').getAll()
          all.onsuccess = () => {
            ok(all.result.filter((v: { path: string }) => v.path === p).map((v: { content: string }) => v.content))
            req.result.close()
          }
        }
      }),
    path,
  )
}

/** Types at the end of the shown text editor's content. */
async function typeInEditor(ws: WorkspacePage, text: string): Promise<void> {
  await ws.current.locator('.cm-content').click()
  await ws.page.keyboard.press('ControlOrMeta+End')
  await ws.page.keyboard.insertText(text)
}

test('a quota error in the middle of a save: nothing half-written, the edit stays on screen and is saved once there is room', async ({
  page,
  git,
}) => {
  await useTestQuota(page)
  const log: string[] = []
  page.on('console', (m) => log.push(m.text()))
  await page.goto(gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  const ws = new WorkspacePage(page)
  await ws.waitForKernelIdle()
  // The first visit stores its kernel snapshots (the environment's, then the interpreter's baseline) when
  // idle: both are done before the quota is cut to the byte, or their writes would meet it instead.
  const stored = ['quire: kernel snapshot stored', 'quire: kernel baseline snapshot stored']
  await expect.poll(() => stored.every((line) => log.some((l) => l.startsWith(line))), { timeout: 90_000 }).toBe(true)
  // The interpreter's baseline belongs to no repository, so a save short of room would evict it and
  // succeed (src/session/editStore.ts): removed here, so nothing is left to evict.
  await dropSnapshots(page, 'baseline')
  await ws.open('helper.py')
  await typeInEditor(ws, '\n# version one\n')
  await expect.poll(() => ws.storedEdit('helper.py').then((r) => r?.content)).toContain('# version one')
  expect(await storedVersions(page, 'helper.py')).toEqual([])

  // Room for the save's first write (version one, kept in the history) and not for its second (the
  // new edit): the quota error comes in the middle of the save's transaction.
  await page.evaluate(() => {
    const quota = (globalThis as unknown as { __quireTestQuota: { used: number; sizeOf(v: unknown): number } })
      .__quireTestQuota
    return new Promise<void>((ok) => {
      const req = indexedDB.open('quire')
      req.onsuccess = () => {
        const get = req.result.transaction('edits').objectStore('edits').getAll()
        get.onsuccess = () => {
          const old = get.result.find((r: { path: string }) => r.path === 'helper.py')
          // The version as src/store/history.ts keeps it (same fields, so the same size).
          const version = {
            file: old.id,
            repoKey: old.repoKey,
            path: old.path,
            content: old.content,
            savedAt: old.savedAt,
            keptAt: Date.now(),
            size: old.content.length,
          }
          localStorage.setItem('quire:test-quota-bytes', String(quota.used + quota.sizeOf(version) + 3))
          req.result.close()
          ok()
        }
      }
    })
  })
  await typeInEditor(ws, '# no room for this')
  const dialog = page.locator('.jp-Dialog')
  await expect(dialog).toContainText('No space left to store your edit of helper.py')
  await page.screenshot({ path: `${SHOTS}/races-quota-mid-save.png` })
  await dialog.getByRole('button', { name: 'Close' }).click()
  // Nothing half-written: no version kept without its save, the stored edit as it was.
  expect(await storedVersions(page, 'helper.py')).toEqual([])
  expect((await ws.storedEdit('helper.py'))?.content).not.toContain('# no room for this')
  await expect(ws.current.locator('.cm-content')).toContainText('# no room for this')

  // Room again, and no key pressed: the edit is stored, with the version it replaced kept.
  await page.evaluate(() => localStorage.setItem('quire:test-quota-bytes', String(1e12)))
  await expect
    .poll(() => ws.storedEdit('helper.py').then((r) => r?.content), { timeout: 20_000 })
    .toContain('# version one\n# no room for this')
  expect(await storedVersions(page, 'helper.py')).toEqual([expect.stringContaining('# version one')])
  await page.reload()
  await ws.open('helper.py')
  await expect(ws.current.locator('.cm-content')).toContainText('# no room for this')
})

/**
 * Holds a readwrite transaction over the overlay open from `page` (another tab of the origin), so
 * every save waits in line behind it, in the order the tabs started them. Returns the release.
 */
async function holdSaves(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(
    () =>
      new Promise<void>((held, fail) => {
        const req = indexedDB.open('quire')
        req.onerror = () => fail(req.error)
        req.onsuccess = () => {
          const tx = req.result.transaction(['edits', 'history'], 'readwrite')
          const w = window as { releaseSaves?: boolean }
          w.releaseSaves = false
          // A transaction stays open while it has requests: one after another until released.
          const spin = () => {
            if (!w.releaseSaves) tx.objectStore('edits').get('none').onsuccess = spin
          }
          spin()
          tx.oncomplete = () => req.result.close()
          held()
        }
      }),
  )
  return () =>
    page.evaluate(() => {
      ;(window as { releaseSaves?: boolean }).releaseSaves = true
    })
}

/** Makes the notebook's last code cell (the third) write `text` into `path`, and runs it. */
async function pythonWrites(ws: WorkspacePage, path: string, text: string): Promise<void> {
  await ws.codeCell(2).locator('.cm-content').click()
  await ws.page.keyboard.press('ControlOrMeta+a')
  await ws.page.keyboard.insertText(`open(${JSON.stringify(path)}, "w").write(${JSON.stringify(text)})`)
  await ws.page.keyboard.press('Control+Enter')
}

test('a file rewritten whole in one tab meets a later save in another: the saving tab asks, never overwrites silently', async ({
  page,
  git,
}) => {
  const url = gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb')
  await page.goto(url)
  const a = new WorkspacePage(page)
  await a.waitForKernelIdle()
  const b = await openTab(page.context(), url)
  await b.open('helper.py')
  await expect(b.current.locator('.cm-content')).toContainText('def greet')
  const blocker = await page.context().newPage()
  await blocker.goto('/storage')

  // A's Python rewrites helper.py while saves wait in line; B types into its open copy meanwhile.
  // A's write is first in line (its panel shows it), so B's save, made from the older version, comes after it.
  let release = await holdSaves(blocker)
  await pythonWrites(a, 'helper.py', '# rewritten by Python\n')
  await expect(a.row('helper.py')).toHaveAttribute('data-status', 'modified')
  await typeInEditor(b, '\n# typed in B\n')
  await release()
  const dialog = b.page.locator('.jp-Dialog')
  await expect(dialog).toContainText('helper.py was changed in another tab')
  await b.page.screenshot({ path: `${SHOTS}/races-keep-or-take.png` })
  await dialog.getByRole('button', { name: 'Keep mine' }).click()
  await expect(dialog).toHaveCount(0)
  await expect.poll(() => a.storedEdit('helper.py').then((r) => r?.content)).toContain('# typed in B')
  expect((await a.storedEdit('helper.py'))?.content).toContain('def greet')
  await expect(b.current.locator('.cm-content')).toContainText('# typed in B')
  // Python's version was replaced by choice, and kept: History has it.
  expect(await storedVersions(page, 'helper.py')).toContain('# rewritten by Python\n')

  // A notebook, this time, and B takes the other version: B's tab shows the notebook Python wrote.
  await b.open('second.ipynb')
  await expect(b.codeCell(0)).toContainText('shared = 41 + 1')
  const written = JSON.stringify({
    cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: '# written by Python' }],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  })
  release = await holdSaves(blocker)
  await pythonWrites(a, 'second.ipynb', written)
  await expect(a.row('second.ipynb')).toHaveAttribute('data-status', 'modified')
  await b.codeCell(1).locator('.cm-content').click()
  await b.page.keyboard.press('ControlOrMeta+End')
  await b.page.keyboard.insertText('  # dropped by choice')
  await release()
  await expect(dialog).toContainText('second.ipynb was changed in another tab')
  await dialog.getByRole('button', { name: 'Take theirs' }).click()
  await expect(b.codeCell(0).locator('.cm-content')).toHaveText('# written by Python')
  await expect(b.current.locator('.jp-Notebook .jp-Cell')).toHaveCount(1)
  await expect.poll(() => a.storedEdit('second.ipynb').then((r) => r?.content)).toContain('# written by Python')
})

let own: GitServer | undefined
test.afterEach(async () => {
  await own?.stop()
  own = undefined
})

const notebook = (source: string) =>
  JSON.stringify({
    cells: [{ cell_type: 'code', execution_count: null, id: 'up-1', metadata: {}, outputs: [], source: [source] }],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  })

test('an upstream Update in one tab while another tab types: no keystroke lost in either', async ({ page }) => {
  own = await startGitServer()
  const { cloneUrl } = await own.addRepo('up-tabs', fixtureDir('repos', 'two-notebooks'))
  const url = gitLaunchPath(cloneUrl, 'main', 'a.ipynb')
  await page.goto(url)
  const a = new WorkspacePage(page)
  await a.waitForKernelIdle()
  const v2 = await own.commitFiles('up-tabs', { 'a.ipynb': notebook("print('upstream v2')"), 'new.txt': 'new\n' })
  // Both tabs reopen the stored commit; each one's background check finds the ref moved.
  await page.reload()
  const prompt = page.locator('.q-upstream')
  await expect(prompt).toContainText('This repository has changed')
  const b = await openTab(page.context(), url)
  const cell = (ws: WorkspacePage) => ws.codeCell(0).locator('.cm-content')

  await cell(a).click()
  await page.keyboard.press('ControlOrMeta+End')
  await page.keyboard.type(' # A before')
  await cell(b).click()
  await b.page.keyboard.press('ControlOrMeta+End')
  // B types on, key by key, while A updates (A's last keys are inside autosave's delay).
  await Promise.all([
    b.page.keyboard.type(' # B while A updates', { delay: 60 }),
    prompt.getByRole('button', { name: 'Update' }).click(),
  ])
  await expect(page.locator('.q-sha')).toHaveText(v2.slice(0, 7))
  await b.page.keyboard.type(' # B after')
  await expect.poll(() => a.storedEdit('a.ipynb').then((r) => r?.content)).toContain('# B after')
  // A, now on the new commit, types too; B, still on the old one, follows it.
  await expect(cell(a)).toContainText('# B after')
  await cell(a).click()
  await page.keyboard.press('ControlOrMeta+End')
  await page.keyboard.type(' # A after')

  const all = ['# A before', '# B while A updates', '# B after', '# A after']
  for (const ws of [a, b]) for (const word of all) await expect(cell(ws)).toContainText(word)
  await expect.poll(() => a.storedEdit('a.ipynb').then((r) => r?.content)).toContain('# A after')
  const stored = (await a.storedEdit('a.ipynb'))?.content ?? ''
  for (const word of all) expect(stored).toContain(word)
  // The new commit's version is beside the user's, not lost either.
  await expect(a.row('a.upstream.ipynb')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/races-update-while-typing.png` })
})
