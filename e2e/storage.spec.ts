import type { Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { formatBytes } from '../src/shared/bytes'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'
import { startPypiServer } from './servers/pypi-server'
import { storedEditText, storedKeys } from './quireDb'
import { useTestQuota } from './workspacePage'

const SHOTS = process.env.QUIRE_SHOTS

test('the storage page lists each repository with its commit, sizes and last opened; deleting one keeps what the other shares and its edits', async ({
  page,
  git,
}) => {
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
  // Records of the pinned entry that are not the user's edits: a folder marker, and a save of the
  // notebook with only its metadata changed (what JupyterLab does when it saves on open).
  const pinnedKey = `git:${cloneUrl}@${sha}`
  const original = JSON.parse(readFileSync(fixtureDir('repos', 'csv-repo') + '/analysis.ipynb', 'utf8')) as {
    metadata?: object
  }
  const metadataOnly = JSON.stringify(
    {
      ...original,
      metadata: { ...original.metadata, kernelspec: { name: 'python3', display_name: 'Python 3 (Pyodide)' } },
    },
    null,
    1,
  )
  await putEdits(page, [
    {
      id: `${pinnedKey}:analysis.ipynb`,
      repoKey: pinnedKey,
      path: 'analysis.ipynb',
      content: metadataOnly,
      savedAt: Date.now(),
    },
    { id: `${pinnedKey}:results/`, repoKey: pinnedKey, path: 'results/', content: '', savedAt: Date.now() },
  ])

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
  // Stored (their bytes count) but not edits the user made.
  await expect(pinned.locator('.q-store-sizes')).toContainText(`none (${formatBytes(metadataOnly.length)})`)
  await expect(main.locator('.q-store-sizes')).toContainText(String(new Date().getFullYear()))
  // Most recently opened first.
  await expect(rows.first()).toHaveAttribute('data-key', `git:${cloneUrl}@main`)
  await expect(main.locator('.q-store-status')).toHaveText('available offline')
  await page.screenshot({ path: test.info().outputPath('storage-page.png'), fullPage: true })

  // "Make available offline" asks for persistent storage, checks everything a reopen needs, and says what it stored.
  await main.getByRole('button', { name: 'Make available offline' }).click()
  await expect(page.getByRole('status')).toContainText(
    /Available offline: \d+ files \([\d.]+ (?:B|kB|MB)\), 1 wheel, 0 Pyodide packages\./,
  )

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

test('out of space (a test quota at the IndexedDB layer): an edit evicts the least recently used cache, never edits; when nothing is left the edit stays on screen and is saved once there is room', async ({
  page,
  git,
}) => {
  await useTestQuota(page)
  const setBudget = (extra: number) =>
    page.evaluate((x) => {
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

test('launch worker writes count against the test quota too: the worker evicts the least recently used repository, its wheel and snapshot with it', async ({
  page,
  git,
}) => {
  // The page hands its budget to the launch worker it starts (a worker has no localStorage); both
  await useTestQuota(page)
  const older = git.repos['snapshot-repo']
  const newer = git.repos['csv-repo']
  const nb = new NotebookPage(page)
  await page.goto(gitLaunchPath(older.cloneUrl, 'main', 'snap.ipynb'))
  await nb.waitForKernelIdle()
  // Its kernel snapshot (tens of MB) is what eviction frees: enough for everything the next launch stores. The
  // baseline (the interpreter alone, serving every repository) is stored after it and is evicted only last.
  await expect.poll(() => storedKeys(page, 'snapshots'), { timeout: 90_000 }).toHaveLength(2)
  const baseline = (await storedKeys(page, 'snapshots')).filter((k) => k.startsWith('baseline@'))
  expect(baseline).toHaveLength(1)
  const olderKey = `git:${older.cloneUrl}@main`
  const olderWheels = await storedKeys(page, 'wheels')
  // stamped and its dependency tinytable.
  expect(olderWheels).toHaveLength(2)

  // On the storage page (no kernel writing), leave no room at all, then open a repository with another wheel.
  await page.goto('/storage')
  await expect(page.locator('.q-store-row')).toHaveCount(1)
  // The interpreter's snapshot is listed with the rest of what is stored, above the button that deletes it all.
  await expect(page.locator('.q-store-baseline')).toHaveCount(1)
  const section = await page.locator('.q-store-baselines').boundingBox()
  const deleteAll = await page.getByRole('button', { name: 'Delete everything…' }).boundingBox()
  expect(section && deleteAll && section.y + section.height <= deleteAll.y).toBe(true)
  await page.screenshot({ path: test.info().outputPath('storage-baseline.png'), fullPage: true })
  await page.evaluate(() => {
    const used = (globalThis as unknown as { __quireTestQuota: { used: number } }).__quireTestQuota.used
    localStorage.setItem('quire:test-quota-bytes', String(used + 1))
  })
  await page.goto(gitLaunchPath(newer.cloneUrl, 'main', 'analysis.ipynb'))
  await expect(nb.codeCell(0).locator('.cm-content')).toBeVisible()
  // The worker's first write found no room and evicted the older repository with its snapshot and
  // wheels; the worker then stored the one wheel the new repository needs (tinytable, which both use).
  expect(await storedKeys(page, 'repos')).toEqual([`git:${newer.cloneUrl}@main`])
  expect((await storedKeys(page, 'envs')).filter((k) => k.startsWith(olderKey))).toEqual([])
  expect(await storedKeys(page, 'snapshots')).toEqual(baseline)
  const wheels = await storedKeys(page, 'wheels')
  expect(wheels).toHaveLength(1)
  expect(olderWheels.filter((w) => !wheels.includes(w))).toHaveLength(olderWheels.length - 1)
})

test('a database from before v4 (no stored sizes) is upgraded once: sizes filled in, the storage page sizes from them', async ({
  page,
}) => {
  const key = 'git:http://git.test/old.git@main'
  // Runs before the app opens the database, so this v3 database exists when the app asks for v4.
  await page.addInitScript((repoKey) => {
    if (localStorage.getItem('test:v3-made')) return
    localStorage.setItem('test:v3-made', '1')
    const req = indexedDB.open('quire', 3)
    req.onupgradeneeded = () => {
      const db = req.result
      db.createObjectStore('repos', { keyPath: 'key' }).put({
        key: repoKey,
        url: 'http://git.test/old.git',
        ref: 'main',
        sha: 'a'.repeat(40),
        dir: '/repos/old',
        fetchedAt: 1,
        openedAt: Date.now(),
      })
      db.createObjectStore('envs', { keyPath: 'id' }).put({
        id: `${repoKey}@${'a'.repeat(40)}`,
        packages: [],
        pyodidePackages: [],
        resolvedAt: 1,
        wheels: [{ filename: 'old-1.0-py3-none-any.whl', sha256: 'w'.repeat(64) }],
      })
      db.createObjectStore('wheels', { keyPath: 'sha256' }).put({
        sha256: 'w'.repeat(64),
        filename: 'old-1.0-py3-none-any.whl',
        bytes: new Uint8Array(3 * 1024),
      })
      const edits = db.createObjectStore('edits', { keyPath: 'id' })
      edits.createIndex('byRepo', 'repoKey')
      edits.put({ id: `${repoKey}:notes.md`, repoKey, path: 'notes.md', content: 'kept across upgrades', savedAt: 1 })
      db.createObjectStore('commits', { keyPath: 'id' })
      db.createObjectStore('snapshots', { keyPath: 'key' }).put({
        key: 'L@314',
        pyodideVersion: '314',
        sha256: 's',
        bytes: new Uint8Array(5 * 1024),
        createdAt: 1,
        lastUsed: 1,
        envIds: [`${repoKey}@${'a'.repeat(40)}`],
      })
    }
    req.onsuccess = () => {
      // Closed when the app asks for the new version, so its upgrade is not blocked.
      req.result.onversionchange = () => req.result.close()
    }
  }, key)
  await page.goto('/storage')
  const row = page.locator('.q-store-row')
  await expect(row).toHaveCount(1)
  await expect(row.locator('.q-store-sizes')).toContainText('3.0 kB (1)')
  await expect(row.locator('.q-store-sizes')).toContainText('5.0 kB')
  const stored = await page.evaluate(
    () =>
      new Promise<{ version: number; wheel: unknown; snapshot: unknown; edits: string[]; historyIndexes: string[] }>(
        (ok, fail) => {
          const req = indexedDB.open('quire')
          req.onerror = () => fail(req.error)
          req.onsuccess = () => {
            const db = req.result
            const tx = db.transaction(['wheels', 'snapshots', 'edits', 'history'])
            const w = tx.objectStore('wheels').getAll()
            const s = tx.objectStore('snapshots').getAll()
            const e = tx.objectStore('edits').getAll()
            const h = tx.objectStore('history')
            tx.oncomplete = () =>
              ok({
                version: db.version,
                wheel: (w.result[0] as { size?: number }).size,
                snapshot: (s.result[0] as { size?: number }).size,
                edits: (e.result as Array<{ path: string }>).map((r) => r.path),
                historyIndexes: [...h.indexNames].sort(),
              })
          }
        },
      ),
  )
  // v5 adds the local history, empty, and leaves the edits as they were.
  expect(stored).toEqual({
    version: 5,
    wheel: 3 * 1024,
    snapshot: 5 * 1024,
    edits: ['notes.md'],
    historyIndexes: ['byFile', 'byKept', 'byRepo'],
  })
})

test('a tab of an older build holding storage open: the launch says STORAGE_BLOCKED and how to go on; a tab of this build lets a newer one upgrade and asks to be reloaded', async ({
  page,
  context,
}) => {
  // An "older build" tab: a version-1 database held open with no versionchange handler.
  const old = await context.newPage()
  await old.goto('/favicon.svg')
  await old.evaluate(
    () =>
      new Promise<void>((ok, fail) => {
        const req = indexedDB.open('quire', 1)
        req.onupgradeneeded = () => {
          const db = req.result
          for (const [name, keyPath] of [
            ['repos', 'key'],
            ['envs', 'id'],
            ['wheels', 'sha256'],
          ])
            db.createObjectStore(name, { keyPath })
          db.createObjectStore('edits', { keyPath: 'id' }).createIndex('byRepo', 'repoKey')
        }
        req.onerror = () => fail(req.error)
        req.onsuccess = () => {
          ;(globalThis as { oldDb?: IDBDatabase }).oldDb = req.result
          ok()
        }
      }),
  )
  await page.goto('/v2/demo/quire-demo')
  const screen = page.locator('.q-error')
  await expect(screen).toHaveAttribute('data-error-code', 'STORAGE_BLOCKED')
  await expect(screen).toContainText('Another Quire tab is holding its storage open')
  await expect(screen).toContainText('Reload or close the other Quire tabs')
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/storage-blocked.png` })

  // The old tab goes; this one upgrades and launches.
  await old.close()
  await page.reload()
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  // Now a newer build asks for version 6: this build's tab closes its connection instead of blocking it.
  const other = await context.newPage()
  await other.goto('/favicon.svg')
  const upgraded = await other.evaluate(
    () =>
      new Promise<string>((ok) => {
        const req = indexedDB.open('quire', 6)
        req.onblocked = () => ok('blocked')
        req.onsuccess = () => {
          const v = req.result.version
          req.result.close()
          ok(`opened v${v}`)
        }
      }),
  )
  expect(upgraded).toBe('opened v6')
  // The tab that let go says it can no longer save, and how to go on.
  const banner = page.getByRole('alert').filter({ hasText: 'Quire was updated in another tab' })
  await expect(banner).toContainText('so this tab can no longer save. Reload it to go on')
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/storage-closed.png` })
  await expect(banner.getByRole('button', { name: 'Reload' })).toBeVisible()
})

function putEdits(page: Page, records: object[]) {
  return page.evaluate(
    (recs) =>
      new Promise<void>((ok, fail) => {
        const req = indexedDB.open('quire')
        req.onerror = () => fail(req.error)
        req.onsuccess = () => {
          const tx = req.result.transaction('edits', 'readwrite')
          for (const r of recs) tx.objectStore('edits').put(r)
          tx.oncomplete = () => ok()
          tx.onerror = () => fail(tx.error)
        }
      }),
    records,
  )
}

test("the service worker keeps files from Pyodide's package base (another origin), so they load with that server gone", async ({
  page,
  context,
}) => {
  const cdn = await startPypiServer()
  const { filename } = await cdn.addFromDir(fixtureDir('packages', 'greetings'))
  const url = `${cdn.url}/files/${encodeURIComponent(filename)}`
  await page.addInitScript((base) => {
    const cur: unknown = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
    localStorage.setItem(
      'quire:config',
      JSON.stringify({ ...(typeof cur === 'object' ? cur : {}), pyodidePackageBaseUrl: base }),
    )
  }, `${cdn.url}/files/`)
  await page.goto('/')
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null).catch(() => false))
    .toBe(true)
  // The page tells the worker the package base once registered; from then on what Pyodide fetches there is kept.
  let size = 0
  await expect
    .poll(async () => {
      size = await page.evaluate(
        (u) =>
          fetch(u)
            .then((r) => r.arrayBuffer())
            .then((b) => b.byteLength),
        url,
      )
      return page.evaluate(
        (u) =>
          caches
            .open('quire-packages-v1')
            .then((c) => c.match(u))
            .then((r) => r !== undefined),
        url,
      )
    })
    .toBe(true)
  await cdn.stop()
  await context.setOffline(true)
  expect(
    await page.evaluate(
      (u) =>
        fetch(u)
          .then((r) => r.arrayBuffer())
          .then((b) => b.byteLength),
      url,
    ),
  ).toBe(size)
  expect(size).toBeGreaterThan(0)
})
