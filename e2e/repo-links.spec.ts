import type { Page } from '@playwright/test'
import { startGitServer } from './servers/git-server'
import { startGithubServer } from './servers/github-server'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'

/** Adds keys to Quire's per-browser config (after the fixture's own init script). */
async function withConfig(page: Page, extra: Record<string, unknown>): Promise<void> {
  await page.addInitScript((add) => {
    const cur = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
    localStorage.setItem('quire:config', JSON.stringify({ ...cur, ...JSON.parse(add) }))
  }, JSON.stringify(extra))
}

const storeCount = (page: Page, store: string) =>
  page.evaluate(
    (name) =>
      new Promise<number>((ok, fail) => {
        const req = indexedDB.open('quire')
        req.onerror = () => fail(req.error)
        req.onsuccess = () => {
          const db = req.result
          if (!db.objectStoreNames.contains(name)) return ok(0)
          const count = db.transaction(name).objectStore(name).count()
          count.onsuccess = () => ok(count.result)
        }
      }),
    store,
  )

test('gh, gl and gist links clone from the configured hosts at a branch, a tag and a SHA', async ({ page }) => {
  const own = await startGitServer()
  const dir = fixtureDir('repos', 'two-notebooks')
  const gh = await own.addRepo('octo/notes', dir, { tag: 'v1' })
  const next = await own.commitFiles('octo/notes', {
    'c.ipynb': '{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}',
  })
  const gl = await own.addRepo('group/sub/project', dir)
  const gist = await own.addRepo('0a1b2c3d', dir)
  // No proxy and no API: the gh link clones straight from the local git server.
  await withConfig(page, {
    githubUrl: own.url,
    githubApiUrl: '',
    jsdelivrDataUrl: '',
    gitlabUrl: own.url,
    gistUrl: own.url,
    corsProxy: '',
  })
  const links = page.locator('.quire-Overview-notebooks button')

  await page.goto('/v2/gh/octo/notes/main')
  await expect(page.locator('.q-sha')).toHaveText(next.slice(0, 7))
  await expect(links).toHaveText(['a.ipynb', 'c.ipynb', 'sub/b.ipynb'])
  await page.goto('/v2/gh/octo/notes/v1')
  await expect(page.locator('.q-sha')).toHaveText(gh.sha.slice(0, 7))
  await expect(links).toHaveText(['a.ipynb', 'sub/b.ipynb'])
  // A short SHA that is no branch tip: found by deepening the default branch.
  await page.goto(`/v2/gh/octo/notes/${gh.sha.slice(0, 7)}`)
  await expect(page.locator('.q-sha')).toHaveText(gh.sha.slice(0, 7))
  await expect(links).toHaveText(['a.ipynb', 'sub/b.ipynb'])

  await page.goto('/v2/gl/group%2Fsub%2Fproject/HEAD?urlpath=lab/tree/sub/b.ipynb')
  await expect(page.locator('.q-sha')).toHaveText(gl.sha.slice(0, 7))
  await expect(page.locator('.jp-Notebook')).toBeVisible()
  await page.goto('/v2/gist/someone/0a1b2c3d')
  await expect(page.locator('.q-sha')).toHaveText(gist.sha.slice(0, 7))
  await expect(links).toHaveText(['a.ipynb', 'sub/b.ipynb'])
  await own.stop()
})

test('the header offers the permanent link pinned to the commit, which opens from storage', async ({ page }) => {
  const own = await startGitServer()
  const { cloneUrl, sha } = await own.addRepo('pin', fixtureDir('repos', 'two-notebooks'))
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'sub/b.ipynb'))
  const link = page.getByRole('link', { name: 'permanent link' })
  const pinned = `/v2/git/${encodeURIComponent(cloneUrl)}/${sha}?labpath=sub%2Fb.ipynb`
  await expect(link).toHaveAttribute('href', new URL(pinned, page.url()).href)
  await page.screenshot({ path: test.info().outputPath('header.png') })
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.getByRole('button', { name: 'Copy the permanent link' }).click()
  await expect(page.getByRole('button', { name: 'Copy the permanent link' })).toHaveText('copied')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await link.getAttribute('href'))

  // A commit never changes: the pinned link opens from storage even with the server gone.
  await own.stop()
  await link.click()
  await expect(page).toHaveURL(new RegExp(`/${sha}\\?`))
  await expect(page.locator('.q-badge')).toHaveText('cached')
  await expect(page.locator('.q-offline')).toHaveCount(0)
  await expect(page.locator('.jp-Notebook')).toBeVisible()
})

test('reopening online checks the ref once: a new commit is offered, taken on Update; offline shows the last one, dated', async ({
  page,
}) => {
  const own = await startGitServer()
  const { cloneUrl, sha } = await own.addRepo('moving', fixtureDir('repos', 'two-notebooks'))
  const path = gitLaunchPath(cloneUrl, 'main')
  await page.goto(path)
  await expect(page.locator('.q-sha')).toHaveText(sha.slice(0, 7))
  await page.reload()
  await expect(page.locator('.q-badge')).toHaveText('cached')

  const next = await own.commitFiles('moving', {
    'c.ipynb': '{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}',
  })
  await page.reload()
  // The stored commit stays until the user chooses (issue 8, upstream changes).
  await expect(page.locator('.q-sha')).toHaveText(sha.slice(0, 7))
  await expect(page.locator('.q-upstream')).toContainText('This repository has changed (1 file)')
  await page.locator('.q-upstream').getByRole('button', { name: 'Update' }).click()
  await expect(page.locator('.q-sha')).toHaveText(next.slice(0, 7))
  await expect(page.locator('.quire-Overview-notebooks button')).toHaveText(['a.ipynb', 'c.ipynb', 'sub/b.ipynb'])
  await expect(page.locator('.q-upstream')).toHaveCount(0)

  await own.stop()
  await page.reload()
  await expect(page.locator('.q-offline')).toHaveText(
    new RegExp(`^offline — showing commit ${next.slice(0, 7)} from .*\\d`),
  )
  await expect(page.locator('.quire-Overview-notebooks button')).toHaveText(['a.ipynb', 'c.ipynb', 'sub/b.ipynb'])
  await page.screenshot({ path: test.info().outputPath('offline-header.png') })
})

test('a clone cut off mid-pack leaves nothing stored, and the retry starts clean', async ({ page }) => {
  const own = await startGitServer()
  const { cloneUrl, sha } = await own.addRepo('flaky', fixtureDir('repos', 'two-notebooks'))
  own.faults.set({ match: '.git/git-upload-pack', mode: 'close-mid', afterBytes: 200 })
  await page.goto(gitLaunchPath(cloneUrl, 'main'))
  await expect(page.locator('.q-error')).toHaveAttribute('data-error-code', 'REPO_UNREACHABLE')
  expect(await storeCount(page, 'repos')).toBe(0)
  expect(await storeCount(page, 'commits')).toBe(0)

  own.faults.clear()
  await page.reload()
  await expect(page.locator('.q-sha')).toHaveText(sha.slice(0, 7))
  await expect(page.locator('.quire-Overview-notebooks button')).toHaveText(['a.ipynb', 'sub/b.ipynb'])
  expect(await storeCount(page, 'commits')).toBe(1)
  await own.stop()
})

test('an oversized repository stops with the size named; Git LFS pointers are reported', async ({ page, git }) => {
  await withConfig(page, { maxRepoBytes: 300 })
  await page.goto(gitLaunchPath(git.repos['two-notebooks'].cloneUrl, 'main'))
  const screen = page.locator('.q-error')
  await expect(screen).toHaveAttribute('data-error-code', 'REPO_TOO_LARGE')
  await expect(screen.getByRole('heading')).toHaveText(/too large/)
  await expect(screen).toContainText('larger than the 300 B limit')
  await page.screenshot({ path: test.info().outputPath('too-large.png') })

  const own = await startGitServer()
  await own.addRepo('lfs', fixtureDir('repos', 'two-notebooks'))
  await own.commitFiles('lfs', {
    'big.csv': `version https://git-lfs.github.com/spec/v1\noid sha256:${'b'.repeat(64)}\nsize 99999999\n`,
  })
  await withConfig(page, { maxRepoBytes: 10_000_000 })
  await page.goto(gitLaunchPath(`${own.url}/lfs.git`, 'main'))
  await expect(page.locator('.q-lfs')).toHaveText('1 Git LFS file not downloaded')
  await expect(page.locator('.q-lfs')).toHaveAttribute('title', 'big.csv')
  await own.stop()
})

test('without a proxy, a gh link is fetched through GitHub’s REST API and raw files; a rate limit says when it resets', async ({
  page,
}) => {
  const own = await startGitServer()
  const { sha } = await own.addRepo('octo/api-notes', fixtureDir('repos', 'two-notebooks'))
  const gh = await startGithubServer(own.root)
  // The API route alone (jsDelivr has its own spec, e2e/github-routes.spec.ts).
  await withConfig(page, { githubApiUrl: gh.apiUrl, githubRawUrl: gh.rawUrl, corsProxy: '', jsdelivrDataUrl: '' })
  await page.goto('/v2/gh/octo/api-notes/main?labpath=sub/b.ipynb')
  await expect(page.locator('.q-sha')).toHaveText(sha.slice(0, 7))
  await expect(page.locator('.jp-Notebook')).toContainText('Notebook B')
  expect(gh.requests.filter((r) => r.startsWith('/raw/')).length).toBeGreaterThan(0)

  gh.requests.length = 0
  await page.reload()
  await expect(page.locator('.q-badge')).toHaveText('cached')
  expect(gh.requests).toEqual(['/repos/octo/api-notes/commits/main'])

  gh.limitAfter(0)
  await page.goto('/v2/gh/octo/api-notes/v9')
  const screen = page.locator('.q-error')
  await expect(screen).toHaveAttribute('data-error-code', 'GITHUB_RATE_LIMITED')
  await expect(screen.getByRole('heading')).toHaveText(/API limit/)
  await expect(screen).toContainText('resets at')
  await page.screenshot({ path: test.info().outputPath('rate-limited.png') })

  // A token from the user lifts the limit: kept in this browser, sent to the API host only.
  await page.getByLabel(/GitHub token/).fill('ghp_test_token')
  await page.getByRole('button', { name: 'Use token and retry' }).click()
  await expect(screen).toHaveAttribute('data-error-code', 'REF_NOT_FOUND')
  expect(gh.authorized).toEqual(['/repos/octo/api-notes/commits/v9 Bearer ghp_test_token'])
  await gh.stop()
  await own.stop()
})
