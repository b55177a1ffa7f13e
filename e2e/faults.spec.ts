// Issue 10's fault injection: the git server and the package index fail the way networks do
// (connections cut mid-transfer, truncated bodies, wrong content types, 500s, slow answers).
// The launch retries what may pass, says what it is waiting for, ends in a coded error for what
// lasts, keeps the user's edits, and succeeds on Retry once the fault is gone.
import type { Page } from '@playwright/test'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'

const SHOTS = process.env.QUIRE_SHOTS

/** The contents of every saved edit, from the app's IndexedDB. */
const savedEdits = (page: Page) =>
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
  )

test.afterEach(({ git, pypi }) => {
  git.faults.clear()
  pypi.faults.clear()
})

test('a clone cut mid-pack and a 500 are retried; the notebook opens', async ({ page, git }) => {
  const { cloneUrl } = await git.addRepo('fault-retry', fixtureDir('repos', 'two-notebooks'))
  git.faults.set({ match: 'fault-retry.git/git-upload-pack', mode: 'close-mid', afterBytes: 200, times: 1 })
  git.faults.set({ match: 'fault-retry.git/git-upload-pack', mode: 'status-500', times: 1 })
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'a.ipynb'))
  await expect(page.locator('.jp-Notebook')).toBeVisible()
  expect(git.faults.hits).toHaveLength(2)
  await expect(page.locator('.q-error')).toHaveCount(0)
})

test('a lasting git fault: the cached commit still opens with its edits; a first launch gets REPO_UNREACHABLE with next steps, and Retry succeeds when it heals', async ({
  page,
  git,
}) => {
  const name = 'fault-edits'
  const { cloneUrl } = await git.addRepo(name, fixtureDir('repos', 'csv-repo'))
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'analysis.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.codeCell(1).locator('.cm-content').click()
  await page.keyboard.press('End')
  await page.keyboard.type(' + 40')
  await expect.poll(() => savedEdits(page)).toContain('1 + 2 + 40')

  // The branch moves on, so the next visit tries to fetch; the server now cuts every pack short.
  // The stored commit opens anyway (the upstream check is best effort), with the user's edit.
  await git.commitFiles(name, { 'notes.txt': 'a new commit' })
  git.faults.set({ match: `${name}.git/git-upload-pack`, mode: 'truncate', afterBytes: 300 })
  await page.reload()
  await expect(nb.codeCell(1).locator('.cm-content')).toHaveText('1 + 2 + 40')
  await expect(page.locator('.q-error')).toHaveCount(0)
  expect(git.faults.hits.length).toBeGreaterThan(0)
  git.faults.clear()

  // A repository opened for the first time has nothing to fall back on: a coded error.
  const other = 'fault-first'
  const { cloneUrl: otherUrl } = await git.addRepo(other, fixtureDir('repos', 'csv-repo'))
  git.faults.set({ match: `${other}.git/git-upload-pack`, mode: 'truncate', afterBytes: 300 })
  await page.goto(gitLaunchPath(otherUrl, 'main', 'analysis.ipynb'))
  const screen = page.locator('.q-error')
  await expect(screen).toHaveAttribute('data-error-code', 'REPO_UNREACHABLE')
  expect(git.faults.hits).toHaveLength(3)
  await expect(screen.getByRole('link', { name: 'Open on Binder' })).toHaveAttribute(
    'href',
    `https://mybinder.org/v2/git/${encodeURIComponent(otherUrl)}/main?labpath=analysis.ipynb`,
  )
  // A plain git server has no issue tracker to report to.
  await expect(screen.getByRole('link', { name: /Report to the repository/ })).toHaveCount(0)
  // The failed launch of another repository touched nothing of this one's edits.
  expect(await savedEdits(page)).toContain('1 + 2 + 40')
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/fault-git.png` })

  git.faults.clear()
  await screen.getByRole('button', { name: 'Retry' }).click()
  await expect(page.locator('.q-error')).toHaveCount(0)
  await nb.waitForKernelIdle()
  await nb.runCell(1)
  await expect(nb.output(1)).toHaveText('3')
})

test('the index: a wrong content type is INDEX_UNREACHABLE while resolving; a wheel cut mid-transfer while downloading; Retry heals', async ({
  page,
  git,
  pypi,
}) => {
  const { cloneUrl } = git.repos['csv-repo']
  const link = gitLaunchPath(cloneUrl, 'main', 'analysis.ipynb')
  pypi.faults.set({ match: '/pypi/tinytable/json', mode: 'wrong-type' })
  await page.goto(link)
  const screen = page.locator('.q-error')
  await expect(screen).toHaveAttribute('data-error-code', 'INDEX_UNREACHABLE')
  await page.getByText(/Launch log/).click()
  await expect(page.locator('.q-log-text')).toContainText(/resolving.*failed: INDEX_UNREACHABLE/)

  pypi.faults.clear()
  // The wheel only: its .metadata file (read while resolving) comes through.
  pypi.faults.set({ match: '/files/tinytable-1.2.0-py3-none-any.whl$', mode: 'close-mid', afterBytes: 100 })
  await screen.getByRole('button', { name: 'Retry' }).click()
  await expect(screen).toHaveAttribute('data-error-code', 'INDEX_UNREACHABLE')
  await expect(page.locator('.q-log-text')).toContainText(/downloading.*failed: INDEX_UNREACHABLE/)
  // The fetcher tried three times before giving up (Chromium itself may resend a GET whose reused
  // connection was reset, so at least three reached the server).
  expect(pypi.faults.hits.filter((h) => h.includes('/files/tinytable')).length).toBeGreaterThanOrEqual(3)

  pypi.faults.clear()
  await screen.getByRole('button', { name: 'Retry' }).click()
  // Past downloading: the notebook opens, with the wheel in the launch's environment.
  await expect(page.locator('.jp-Notebook')).toBeVisible()
  await expect(page.locator('.q-error')).toHaveCount(0)
  await page.locator('.q-env-popover').getByText('Environment', { exact: true }).click()
  await expect(page.locator('.q-env-popover tr[data-package="tinytable"] td')).toHaveText([
    'tinytable',
    '1.2.0',
    'PyPI wheel',
  ])
  await page.locator('.q-env-popover').getByText('Environment', { exact: true }).click()
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(2)
  await expect(nb.output(2)).toContainText('tinytable 1.2.0')
})

test('a slow index: the launch says what it waits for, times out, retries and goes on', async ({ page, git, pypi }) => {
  await page.addInitScript(() => {
    const cur = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
    localStorage.setItem('quire:config', JSON.stringify({ ...cur, networkTimeoutMs: 7000 }))
  })
  // First answer after 20 s (past the timeout), the retry at once.
  pypi.faults.set({ match: '/pypi/tinytable/json', mode: 'slow', delayMs: 20_000, times: 1 })
  await page.goto(gitLaunchPath(git.repos['csv-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  const host = new URL(pypi.url).host
  await expect(page.locator('.q-phase-wait')).toHaveText(
    new RegExp(`^waiting for ${host.replace(/\./g, '\\.')}: \\d+ s, no bytes yet$`),
  )
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/slow.png` })
  await expect(page.locator('.jp-Notebook')).toBeVisible({ timeout: 30_000 })
  expect(pypi.faults.hits).toHaveLength(1)
})

test('a git server answering 503 with Retry-After: the launch screen says it will try again, then the notebook opens', async ({
  page,
  git,
}) => {
  const name = 'fault-retry-after'
  const { cloneUrl } = await git.addRepo(name, fixtureDir('repos', 'two-notebooks'))
  // The pack request only (the ref lookup before it goes through), once, asking for a 3 s wait.
  git.faults.set({ match: `${name}.git/git-upload-pack`, mode: 'status', status: 503, retryAfter: '3', times: 1 })
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'a.ipynb'))
  const host = new URL(cloneUrl).host
  const fetching = page.locator('.q-phase[data-phase="fetching"] .q-phase-detail')
  await expect(fetching).toHaveText(` — try 2 of 3 for ${host} in 3.0 s, after: HTTP 503`)
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/git-retry.png` })
  await expect(page.locator('.jp-Notebook')).toBeVisible()
  await expect(page.locator('.q-error')).toHaveCount(0)
  expect(git.faults.hits).toEqual([`status /${name}.git/git-upload-pack`])
})
