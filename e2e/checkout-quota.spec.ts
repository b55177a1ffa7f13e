// A checkout that runs out of space (src/store/quota.ts retryAfterEviction, in the launch worker), against the test
// quota shim (src/store/quotaShim.ts), which counts LightningFS's database too: the checkout's own writes meet the
// quota, as a full disk would make them. Repositories with incompressible files of known sizes make the room each
// one needs plain: X (edited) 200 KB, Y and W 150 KB each, V 800 KB.
import type { Page } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'
import { dropSnapshots, storedEditText, storedKeys } from './quireDb'
import { useTestQuota } from './workspacePage'

/** No room beyond what is stored now: the next write of any size meets the quota. */
const leaveNoRoom = (page: Page) =>
  page.evaluate(() => {
    const used = (globalThis as unknown as { __quireTestQuota: { used: number } }).__quireTestQuota.used
    localStorage.setItem('quire:test-quota-bytes', String(used + 1))
  })

test('a checkout with no room evicts the least recently used caches and opens, keeping edits; with nothing left, STORAGE_FULL names what went', async ({
  page,
  git,
}) => {
  test.setTimeout(240_000)
  const log: string[] = []
  page.on('console', (m) => log.push(m.text()))
  const stamp = Date.now().toString(36)
  const add = async (name: string, kb: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-quota-'))
    mkdirSync(join(dir, 'data'))
    copyFileSync(join(fixtureDir('repos', 'two-notebooks'), 'a.ipynb'), join(dir, 'a.ipynb'))
    writeFileSync(join(dir, 'data', 'blob.bin'), randomBytes(kb * 1024))
    const repo = await git.addRepo(`quota/${name}-${stamp}`, dir)
    const key = `git:${repo.cloneUrl}@main`
    return { ...repo, key, name: `${name}-${stamp}`, path: gitLaunchPath(repo.cloneUrl, 'main', 'a.ipynb') }
  }
  const [x, y, w, v] = [await add('x', 200), await add('y', 150), await add('w', 150), await add('v', 800)]
  await useTestQuota(page)
  const nb = new NotebookPage(page)

  // X first, with an edit; its kernel stores the snapshots later launches restore (so they write none of their own).
  await page.goto(x.path)
  await nb.waitForKernelIdle()
  const stored = ['quire: kernel snapshot stored', 'quire: kernel baseline snapshot stored']
  await expect.poll(() => stored.every((line) => log.some((l) => l.startsWith(line))), { timeout: 90_000 }).toBe(true)
  await nb.codeCell(0).locator('.cm-content').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type("\nprint('mine')")
  const xEdits = () => storedKeys(page, 'edits').then((keys) => keys.filter((k) => k.startsWith(`${x.key}:`)))
  await expect.poll(() => storedEditText(page, `${x.key}:a.ipynb`)).toContain("print('mine')")
  await page.goto(y.path)
  await expect(nb.codeCell(0).locator('.cm-content')).toBeVisible()

  // No room at all: W's checkout meets the quota; X, used least recently, goes (its edits stay) and W opens.
  const storagePage = async (shown: { cloneUrl: string }) => {
    await page.goto('/storage')
    // Rows are listed once the database (and the page's quota shim) is open; edits-only rows come and go.
    await expect(page.locator('.q-store-row', { hasText: shown.cloneUrl })).toBeVisible()
  }
  await storagePage(y)
  await leaveNoRoom(page)
  await page.goto(w.path)
  await expect(nb.codeCell(0).locator('.cm-content')).toBeVisible()
  expect((await storedKeys(page, 'repos')).sort()).toEqual([w.key, y.key].sort())
  expect(await xEdits()).toEqual([`${x.key}:a.ipynb`])

  // X again, no room again: its checkout takes both older caches (Y, then W), and X opens with its edit.
  await storagePage(w)
  await leaveNoRoom(page)
  await page.goto(x.path)
  await expect(nb.codeCell(0).locator('.cm-content')).toContainText("print('mine')")
  expect(await storedKeys(page, 'repos')).toEqual([x.key])
  await page.screenshot({ path: test.info().outputPath('checkout-quota-evicted.png') })

  // V (800 KB) with no room and only X to evict, the snapshots gone too: STORAGE_FULL naming X; X's edit stays.
  await storagePage(x)
  await dropSnapshots(page)
  await leaveNoRoom(page)
  await page.goto(v.path)
  const screen = page.locator('.q-error')
  await expect(screen).toHaveAttribute('data-error-code', 'STORAGE_FULL')
  // Named as the header names it (not by its storage key), after the words that say it was removed.
  await expect(screen.locator('.q-error-evicted')).toHaveText(
    `Quire removed what was used least recently, and it was still not enough. Removed to make room: ${x.name} (main).`,
  )
  await expect(screen.locator('.q-error-action')).not.toContainText('removed')
  await page.screenshot({ path: test.info().outputPath('checkout-quota-full.png') })
  expect(await storedKeys(page, 'repos')).toEqual([])
  expect(await xEdits()).toEqual([`${x.key}:a.ipynb`])
  expect(await storedEditText(page, `${x.key}:a.ipynb`)).toContain("print('mine')")
})
