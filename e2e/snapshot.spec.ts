import type { Page } from '@playwright/test'
import { expect, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'

// Issue 8: the kernel snapshot. The fixture package `stamped` draws a random STAMP when imported,
// so the same STAMP after a reload means the module came back from the snapshot's memory.

/** The `quire:` lines the page logs about the kernel's boot and snapshot. */
function kernelLog(page: Page): string[] {
  const lines: string[] = []
  page.on('console', (msg) => {
    if (msg.text().startsWith('quire: kernel')) lines.push(msg.text())
  })
  return lines
}

async function openAndRun(page: Page, path: string): Promise<{ nb: NotebookPage; first: string }> {
  await page.goto(path)
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText(/^\d+ (True|False) from the commit\s*$/)
  return { nb, first: ((await nb.output(0).textContent()) ?? '').trim() }
}

/**
 * Rewrites a stored snapshot's bytes in the page's IndexedDB (the environment's, or the baseline with
 * `baseline`); `fixHash` keeps its sha256 matching.
 */
async function damageSnapshot(page: Page, offset: number, fixHash: boolean, baseline = false): Promise<void> {
  await page.evaluate(
    async ({ offset, fixHash, baseline }) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const req = indexedDB.open('quire')
        req.onsuccess = () => ok(req.result)
        req.onerror = () => fail(req.error)
      })
      const stored = await new Promise<Array<{ key: string; bytes: Uint8Array; sha256: string }>>((ok) => {
        const req = db.transaction('snapshots').objectStore('snapshots').getAll()
        req.onsuccess = () => ok(req.result)
      })
      const all = stored.filter((r) => r.key.startsWith('baseline@') === baseline)
      if (all.length !== 1) throw new Error(`expected one snapshot, found ${all.length}`)
      const rec = all[0]
      rec.bytes[offset] ^= 0xff
      if (fixHash) {
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(rec.bytes)))
        rec.sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
      }
      await new Promise<void>((ok, fail) => {
        const tx = db.transaction('snapshots', 'readwrite')
        tx.objectStore('snapshots').put(rec)
        tx.oncomplete = () => ok()
        tx.onerror = () => fail(tx.error)
      })
      db.close()
    },
    { offset, fixHash, baseline },
  )
}

test('a second visit boots from the snapshot: the environment already imported, no user variables', async ({
  page,
  git,
}) => {
  const log = kernelLog(page)
  const path = gitLaunchPath(git.repos['snapshot-repo'].cloneUrl, 'main', 'snap.ipynb')
  // First visit: no snapshot yet, so Python boots afresh and one is made after the kernel is ready.
  const { nb, first } = await openAndRun(page, path)
  await expect.poll(() => log.some((l) => l.startsWith('quire: kernel booted afresh (plain boot) in'))).toBe(true)
  await nb.runCell(1)
  await expect(nb.output(1)).toHaveText('1')
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText(`${first.split(' ')[0]} True from the commit`)
  await expect
    .poll(() => log.some((l) => l.startsWith('quire: kernel snapshot stored')), { timeout: 60_000 })
    .toBe(true)

  await page.reload()
  const again = await openAndRun(page, path)
  expect(log.filter((l) => l.startsWith('quire: kernel booted from the environment snapshot'))).toHaveLength(1)
  // Same import-time value (restored, not imported again); `mine` from the first visit is gone.
  expect(again.first).toBe(first)
  await expect(again.nb.codeCell(0).locator('.jp-InputPrompt')).toHaveText('[1]:')
  // A kernel booted from a snapshot makes no second one.
  expect(log.filter((l) => l.startsWith('quire: kernel snapshot stored'))).toHaveLength(1)
})

test('a damaged snapshot is deleted and Python boots afresh, with cells running', async ({ page, git }) => {
  const log = kernelLog(page)
  const path = gitLaunchPath(git.repos['snapshot-repo'].cloneUrl, 'main', 'snap.ipynb')
  await openAndRun(page, path)
  await expect
    .poll(() => log.filter((l) => l.startsWith('quire: kernel snapshot stored')).length, { timeout: 60_000 })
    .toBe(1)

  // Bytes that pass the sha256 check but not Pyodide's loader (its build id, in the header).
  await damageSnapshot(page, 20, true)
  await page.reload()
  await openAndRun(page, path)
  expect(log.some((l) => l.startsWith('quire: kernel environment snapshot failed to load and was deleted'))).toBe(true)
  expect(
    log.some((l) => l.startsWith('quire: kernel booted afresh (plain boot) after a failed environment snapshot')),
  ).toBe(true)
  // The deleted one is replaced by a new snapshot.
  await expect
    .poll(() => log.filter((l) => l.startsWith('quire: kernel snapshot stored')).length, { timeout: 60_000 })
    .toBe(2)

  // Bytes changed in storage: refused by the sha256 check before Python restores them.
  await damageSnapshot(page, 1_000_000, false)
  await page.reload()
  await openAndRun(page, path)
  expect(log.some((l) => l.startsWith('quire: kernel environment snapshot discarded: sha256'))).toBe(true)
  expect(log.filter((l) => l.startsWith('quire: kernel booted from the environment snapshot'))).toHaveLength(0)
  // The worker had the bytes while the check ran, and booted plainly when the check refused them.
  const plainAfterFailed = 'quire: kernel booted afresh (plain boot) after a failed environment snapshot'
  expect(log.filter((l) => l.startsWith(plainAfterFailed))).toHaveLength(2)
  await page.screenshot({ path: test.info().outputPath('after-damaged-snapshot.png') })
})

test('a kernel restart boots from the stored snapshot: same import-time STAMP, namespace cleared', async ({
  page,
  git,
}) => {
  const log = kernelLog(page)
  const path = gitLaunchPath(git.repos['snapshot-repo'].cloneUrl, 'main', 'snap.ipynb')
  const { nb, first } = await openAndRun(page, path)
  await nb.runCell(1)
  await expect(nb.output(1)).toHaveText('1')
  await expect
    .poll(() => log.some((l) => l.startsWith('quire: kernel snapshot stored')), { timeout: 60_000 })
    .toBe(true)
  expect(log.filter((l) => l.startsWith('quire: kernel booted from the environment snapshot'))).toHaveLength(0)

  await page.locator('[data-jp-item-name="restart"] jp-button, [data-jp-item-name="restart"] button').first().click()
  await page.locator('.jp-Dialog').getByRole('button', { name: 'Confirm Kernel Restart' }).click()
  await expect(page.locator('.jp-Dialog')).toHaveCount(0)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  // A plain boot would import `stamped` again and draw a new STAMP; `mine` is gone either way.
  await expect(nb.output(0)).toHaveText(first)
  await expect
    .poll(() => log.filter((l) => l.startsWith('quire: kernel booted from the environment snapshot')).length)
    .toBe(1)
  // The restarted kernel was restored, so it makes no second snapshot.
  expect(log.filter((l) => l.startsWith('quire: kernel snapshot stored'))).toHaveLength(1)
})

test("the baseline snapshot: another repository's first visit restores the interpreter from it, and runs", async ({
  page,
  git,
}) => {
  const log = kernelLog(page)
  // The very first visit in this browser: a plain boot, which stores the interpreter alone beside the environment.
  await openAndRun(page, gitLaunchPath(git.repos['snapshot-repo'].cloneUrl, 'main', 'snap.ipynb'))
  expect(log.some((l) => l.startsWith('quire: kernel booted afresh (plain boot) in'))).toBe(true)
  // Its own environment's snapshot first, then the baseline.
  await expect
    .poll(() => log.some((l) => l.startsWith('quire: kernel baseline snapshot stored')), { timeout: 90_000 })
    .toBe(true)
  expect(log.filter((l) => l.startsWith('quire: kernel snapshot stored'))).toHaveLength(1)

  // A different repository, never opened here: no snapshot of its own, so it starts from the baseline.
  await page.goto(gitLaunchPath(git.repos['csv-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  expect(log.filter((l) => l.startsWith('quire: kernel booted from the baseline snapshot in'))).toHaveLength(1)
  await nb.runCell(2)
  await expect(nb.output(2)).toContainText('tinytable 1.')
  await expect(nb.output(2)).toContainText('Oslo')
  // Restored able to snapshot: this environment still gets its own snapshot, and only one baseline is kept.
  await expect
    .poll(() => log.filter((l) => l.startsWith('quire: kernel snapshot stored')).length, { timeout: 90_000 })
    .toBe(2)
  expect(log.filter((l) => l.startsWith('quire: kernel baseline snapshot stored'))).toHaveLength(1)

  // The storage page shows it apart from the repositories, with its size.
  await page.goto('/storage')
  const baseline = page.locator('.q-store-baseline')
  await expect(baseline).toHaveCount(1)
  await expect(baseline).toContainText(/Pyodide \d+\.\d+\.\d+/)
  await expect(baseline.locator('.q-store-size')).toHaveText(/^[\d.]+ MB$/)
  await page.screenshot({ path: test.info().outputPath('storage-baseline.png'), fullPage: true })
})

test('a baseline Pyodide refuses is deleted: that first visit boots plainly and runs, and makes a new one', async ({
  page,
  git,
}) => {
  const log = kernelLog(page)
  await openAndRun(page, gitLaunchPath(git.repos['snapshot-repo'].cloneUrl, 'main', 'snap.ipynb'))
  await expect
    .poll(() => log.some((l) => l.startsWith('quire: kernel baseline snapshot stored')), { timeout: 90_000 })
    .toBe(true)
  // Passes the sha256 check, not Pyodide's loader: its build id, 16 bytes into its header after Quire's 40-byte one.
  await damageSnapshot(page, 60, true, true)

  await page.goto(gitLaunchPath(git.repos['csv-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  expect(log.some((l) => l.startsWith('quire: kernel baseline snapshot failed to load and was deleted'))).toBe(true)
  expect(
    log.some((l) => l.startsWith('quire: kernel booted afresh (plain boot) after a failed baseline snapshot')),
  ).toBe(true)
  await nb.runCell(1)
  await expect(nb.output(1)).toHaveText('3')
  await expect
    .poll(() => log.filter((l) => l.startsWith('quire: kernel baseline snapshot stored')).length, { timeout: 90_000 })
    .toBe(2)
})
