import { createServer } from 'node:net'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok))
  const { port } = srv.address() as { port: number }
  await new Promise((ok) => srv.close(ok))
  return port
}

async function expectError(page: import('@playwright/test').Page, code: string, words: RegExp) {
  const screen = page.locator('.q-error')
  await expect(screen).toHaveAttribute('data-error-code', code)
  await expect(screen.getByRole('heading')).toHaveText(words)
  await expect(screen.locator('.q-error-action')).not.toBeEmpty()
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible()
}

test('a malformed launch link', async ({ page }) => {
  await page.goto('/v2/git/not%20a%20url/main')
  await expectError(page, 'BAD_LAUNCH_URL', /not a valid launch link/)
  // Software Heritage is no provider of BinderHub's (zenodo and the other archives are: issue 20).
  await page.goto('/v2/swh/swh:1:dir:0123456789abcdef0123456789abcdef01234567')
  await expectError(page, 'UNSUPPORTED_PROVIDER', /not supported yet/)
})

test('an unreachable git server', async ({ page }) => {
  await page.goto(gitLaunchPath(`http://127.0.0.1:${await closedPort()}/gone.git`))
  await expectError(page, 'REPO_UNREACHABLE', /could not be reached/)
})

test('a repository the server does not have', async ({ page, git }) => {
  await page.goto(gitLaunchPath(`${git.url}/no-such-repo.git`))
  await expectError(page, 'REPO_NOT_FOUND', /not found/)
})

test('a missing branch', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['csv-repo'].cloneUrl, 'no-such-branch'))
  await expectError(page, 'REF_NOT_FOUND', /branch or tag does not exist/)
  // The launch log says which phase failed, for a bug report.
  await page.getByText(/Launch log/).click()
  await expect(page.locator('.q-log-text')).toContainText(/fetching.*failed: REF_NOT_FOUND/)
})

test('a repository with no notebook', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['no-notebooks'].cloneUrl))
  await expectError(page, 'NO_NOTEBOOK', /no notebooks/)
})

test('a damaged notebook', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['broken-notebook'].cloneUrl, 'main', 'broken.ipynb'))
  await expectError(page, 'BAD_NOTEBOOK', /damaged/)
})

test('a requirements line pip would reject names the file and line', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['bad-requirements'].cloneUrl))
  await expectError(page, 'BAD_REQUIREMENT', /cannot be read/)
  await page.getByText('Details').click()
  await expect(page.locator('.q-error dl')).toContainText('requirements.txt')
  await expect(page.locator('.q-error dl')).toContainText(':2')
})

test('a failure offers Binder and a prefilled issue on the repository’s tracker, as text', async ({ page, git }) => {
  await git.addRepo('octo/bad-req', fixtureDir('repos', 'bad-requirements'))
  await page.addInitScript((host) => {
    const cur = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
    localStorage.setItem(
      'quire:config',
      JSON.stringify({ ...cur, githubUrl: host, githubApiUrl: '', jsdelivrDataUrl: '', corsProxy: '' }),
    )
  }, git.url)
  await page.goto('/v2/gh/octo/bad-req/main')
  const screen = page.locator('.q-error')
  await expect(screen).toHaveAttribute('data-error-code', 'BAD_REQUIREMENT')
  await expect(screen.getByRole('link', { name: 'Open on Binder' })).toHaveAttribute(
    'href',
    'https://mybinder.org/v2/gh/octo/bad-req/main',
  )
  const report = screen.getByRole('link', { name: 'Report to the repository’s author' })
  const href = new URL((await report.getAttribute('href')) ?? '')
  expect(href.origin + href.pathname).toBe(`${git.url}/octo/bad-req/issues/new`)
  expect(href.searchParams.get('title')).toBe('Launching in the browser fails: BAD_REQUIREMENT')
  const body = href.searchParams.get('body') ?? ''
  expect(body).toMatch(/- Error: BAD_REQUIREMENT \(while reading-config\)/)
  expect(body).toMatch(/- Quire version: \d+\.\d+\.\d+/)
  expect(body).toContain(`- Link: ${new URL(page.url()).origin}/v2/gh/octo/bad-req/main`)
  expect(body).toContain('requirements.txt:2')
  await expect(screen.getByRole('button', { name: 'Retry' })).toBeVisible()
  if (process.env.QUIRE_SHOTS) await page.screenshot({ path: `${process.env.QUIRE_SHOTS}/failure-actions.png` })
})
