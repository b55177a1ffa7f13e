// One launch per kind of environment file, against the local index: what the user sees for each
// verdict (browser, browser with warnings, hub) and for each environment failure.
import { startPypiServer } from './servers/pypi-server'
import { startLockStandIn } from './lockStandIn'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'

const SHOTS = process.env.QUIRE_SHOTS

async function expectGreeting(page: import('@playwright/test').Page, tinytable = '1.2.0') {
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText(`Hello, Ada! tinytable ${tinytable}`)
}

test('environment.yml: the pip section installs from the index; jupyterlab is skipped', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['env-yml'].cloneUrl, 'main', 'hello.ipynb'))
  await expectGreeting(page)
  await expect(page.locator('.q-warnings')).toHaveCount(0)
})

test('Pipfile: its packages, pins and dev-packages (pipenv install --dev), with requirements.txt ignored', async ({
  page,
  git,
}) => {
  // requirements.txt names a package no index has: reading it would fail the launch.
  await page.goto(gitLaunchPath(git.repos['pipfile-repo'].cloneUrl, 'main', 'hello.ipynb'))
  await expectGreeting(page)
})

test('binder/ wins over the root, and its warnings show above the notebook until dismissed', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['binder-dir'].cloneUrl, 'main', 'hello.ipynb'))
  const notice = page.getByRole('status', { name: 'Environment warnings' })
  await expect(notice).toContainText('2 differences')
  await expect(notice.locator('[data-level="warning"]')).toHaveText([
    /binder\/runtime\.txt.*asks for Python 3\.10; the browser runs Python 3\.14/,
    /binder\/postBuild.*only sets up Jupyter extensions/,
  ])
  await expectGreeting(page)
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/warnings.png` })
  await notice.getByRole('button', { name: 'Dismiss' }).click()
  await expect(notice).toHaveCount(0)
})

test('a Dockerfile: the hub screen lists the reason and links to the same launch on Binder', async ({ page, git }) => {
  const { cloneUrl } = git.repos['dockerfile-repo']
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'hello.ipynb'))
  const screen = page.locator('.q-verdict')
  await expect(screen.getByRole('heading')).toHaveText('This repository needs a server')
  await expect(screen.locator('.q-reason')).toHaveText([/Dockerfile.*builds a custom container image/])
  await expect(screen.getByRole('link', { name: 'Launch on Binder' })).toHaveAttribute(
    'href',
    `https://mybinder.org/v2/git/${encodeURIComponent(cloneUrl)}/main?labpath=hello.ipynb`,
  )
  await expect(page.locator('.jp-Notebook')).toHaveCount(0)
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/hub.png` })
})

test("drift: numpy==1.24.0 gets Pyodide's numpy with a warning; ?strict=1 makes it a hub verdict", async ({
  page,
  git,
}) => {
  // Only the verdict is checked; numpy comes from a mirror of Pyodide's CDN (e2e/lockStandIn.ts).
  const cdn = await startLockStandIn(page, ['numpy'])
  const path = gitLaunchPath(git.repos['drift-repo'].cloneUrl, 'main', 'hello.ipynb')
  await page.goto(path)
  await expect(page.getByRole('status', { name: 'Environment warnings' }).locator('[data-level="warning"]')).toHaveText(
    [/requirements\.txt:1.*numpy==1\.24\.0 was asked for; the browser has numpy 2\.\d+\.\d+\./],
  )
  await page.goto(`${path}&strict=1`)
  await expect(page.locator('.q-verdict .q-reason')).toHaveText([
    /numpy==1\.24\.0 was asked for; the browser has numpy 2\.\d+\.\d+ \(strict mode needs the exact version\)/,
  ])
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/strict.png` })
  await cdn.stop()
})

test('an unsatisfiable pin is a clear error naming the package', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['unsatisfiable-pin'].cloneUrl, 'main', 'hello.ipynb'))
  const screen = page.locator('.q-error')
  await expect(screen).toHaveAttribute('data-error-code', 'UNSATISFIABLE_PIN')
  await expect(screen.getByRole('heading')).toHaveText('The required package versions conflict')
  await expect(screen.locator('details', { hasText: 'Message' })).toContainText('tinytable')
})

test('a corrupt wheel is fetched again, then refused with CORRUPT_DOWNLOAD', async ({ page, git }) => {
  const own = await startPypiServer()
  try {
    await own.addFromDir(fixtureDir('packages', 'tinytable'))
    const { filename } = await own.addFromDir(fixtureDir('packages', 'greetings'))
    own.corrupt(filename)
    // Runs after the fixture's own init script, so this index wins.
    await page.addInitScript((url) => localStorage.setItem('quire:config', JSON.stringify({ pypiUrl: url })), own.url)
    const wheelRequests: string[] = []
    page.on('request', (r) => {
      if (r.url().endsWith(filename)) wheelRequests.push(r.url())
    })
    await page.goto(gitLaunchPath(git.repos['corrupt-wheel'].cloneUrl, 'main', 'hello.ipynb'))
    const screen = page.locator('.q-error')
    await expect(screen).toHaveAttribute('data-error-code', 'CORRUPT_DOWNLOAD')
    await expect(screen.getByRole('heading')).toHaveText('A download was corrupted')
    await expect(screen.locator('details', { hasText: 'Message' })).toContainText(filename)
    expect(wheelRequests).toHaveLength(2)
  } finally {
    await own.stop()
  }
})
