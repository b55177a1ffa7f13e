import { startBinderHubServer, type BinderHubServer } from './servers/binderhub-server'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'

let hub: BinderHubServer
test.beforeAll(async () => {
  hub = await startBinderHubServer()
})
test.afterAll(() => hub.stop())

test.beforeEach(async ({ page, pypi }) => {
  await page.addInitScript(
    (cfg) => localStorage.setItem('quire:config', cfg),
    JSON.stringify({ pypiUrl: pypi.url, hubUrl: hub.url }),
  )
})

test('Launch on Binder follows the hub build here, then opens the server with its token', async ({ page, git }) => {
  const { cloneUrl } = git.repos['dockerfile-repo']
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'hello.ipynb'))
  await page.getByRole('link', { name: 'Launch on Binder' }).click()
  await expect(page).toHaveURL(`${hub.url}/user/test-user/lab/tree/hello.ipynb?token=test-token-123`)
  await expect(page.locator('#token')).toHaveText('test-token-123')
  // The hub received the same repository and ref (its log of build requests is decoded).
  expect(hub.builds).toContain(`git/${cloneUrl}/main`)
})

test('a failed hub build shows its log and the coded error', async ({ page, git }) => {
  const { cloneUrl } = await git.addRepo('dockerfile-fail', fixtureDir('repos', 'dockerfile-repo'))
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'hello.ipynb'))
  await page.getByRole('link', { name: 'Launch on Binder' }).click()
  await expect(page.locator('.q-error')).toHaveAttribute('data-error-code', 'HUB_BUILD_FAILED')
  await expect(page.locator('.q-log-text')).toContainText('Step 2/3 : RUN apt-get install -y r-base')
  await expect(page.locator('.q-log-text')).toContainText('Unable to locate package')
  await expect(page.getByRole('link', { name: 'Open the hub’s own launch page' })).toHaveAttribute(
    'href',
    new RegExp(`^${hub.url}/v2/git/`),
  )
  if (process.env.QUIRE_SHOTS) await page.screenshot({ path: `${process.env.QUIRE_SHOTS}/hub-failed.png` })
})

test('a dropped stream after the build started is reported, not mistaken for a failed build', async ({ page, git }) => {
  const { cloneUrl } = await git.addRepo('dockerfile-drop', fixtureDir('repos', 'dockerfile-repo'))
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'hello.ipynb'))
  await page.getByRole('link', { name: 'Launch on Binder' }).click()
  await expect(page.locator('.q-error')).toHaveAttribute('data-error-code', 'HUB_UNREACHABLE')
  await expect(page.locator('.q-log-text')).toContainText('Fetching repository')
})

test('with several hubs the user picks one; the pick is remembered and used for the build', async ({
  page,
  git,
  pypi,
}) => {
  await page.addInitScript(
    (cfg) => localStorage.setItem('quire:config', cfg),
    JSON.stringify({
      pypiUrl: pypi.url,
      hubs: [
        { name: 'Campus hub', url: 'http://127.0.0.1:1' },
        { name: 'Local test hub', url: hub.url },
      ],
    }),
  )
  const { cloneUrl } = git.repos['dockerfile-repo']
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'hello.ipynb'))
  const launch = page.getByRole('link', { name: 'Launch on Binder' })
  await expect(launch).toHaveAttribute('href', new RegExp('^http://127\\.0\\.0\\.1:1/v2/git/'))
  const picker = page.getByRole('combobox', { name: 'BinderHub' })
  await expect(picker.locator('option')).toHaveText(['Campus hub', 'Local test hub'])
  await picker.selectOption({ label: 'Local test hub' })
  await expect(launch).toHaveAttribute('href', new RegExp(`^${hub.url}/v2/git/`))
  if (process.env.QUIRE_SHOTS) await page.screenshot({ path: `${process.env.QUIRE_SHOTS}/hub-choice.png` })
  await page.reload()
  await expect(page.getByRole('combobox', { name: 'BinderHub' })).toHaveValue(hub.url)
  await page.getByRole('link', { name: 'Launch on Binder' }).click()
  await expect(page).toHaveURL(`${hub.url}/user/test-user/lab/tree/hello.ipynb?token=test-token-123`)
})

test('urlpath=rstudio gives a hub verdict that says why, and the hub opens RStudio on its server', async ({
  page,
  git,
}) => {
  // r-repo runs in the browser; the link asks for RStudio, which only a server has.
  const { cloneUrl } = git.repos['r-repo']
  await page.goto(`${gitLaunchPath(cloneUrl, 'main')}?urlpath=rstudio`)
  await expect(page.getByRole('heading', { name: 'This repository needs a server' })).toBeVisible()
  await expect(page.locator('.q-verdict')).toContainText('RStudio needs a server')
  const launch = page.getByRole('link', { name: 'Launch on Binder' })
  await expect(launch).toHaveAttribute('href', `${hub.url}/v2/git/${encodeURIComponent(cloneUrl)}/main?urlpath=rstudio`)
  // No notebook and no kernel start for a link that opens RStudio.
  await expect(page.locator('.jp-NotebookPanel')).toHaveCount(0)
  await expect(page.locator('iframe.quire-KernelFrame')).toHaveCount(0)
  await page.screenshot({ path: test.info().outputPath('rstudio-verdict.png') })
  await launch.click()
  await expect(page).toHaveURL(`${hub.url}/user/test-user/rstudio?token=test-token-123`)
})
