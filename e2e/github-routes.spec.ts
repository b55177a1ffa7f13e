// A `gh` link with no proxy configured (issue 19): the ref costs one GitHub API call, the files come
// from jsDelivr's mirror (its stand-in, e2e/servers/jsdelivr-server.ts, with CORS as the real one),
// the header says so, and the permanent link in a fresh browser makes no API call at all.
import type { Page } from '@playwright/test'
import { startGitServer, type GitServer } from './servers/git-server'
import { startGithubServer, type GithubServer } from './servers/github-server'
import { startJsdelivrServer, type JsdelivrServer } from './servers/jsdelivr-server'
import { expect, fixtureDir, test } from './fixtures'

let own: GitServer
let gh: GithubServer
let jsd: JsdelivrServer
let sha: string

test.beforeAll(async () => {
  own = await startGitServer()
  ;({ sha } = await own.addRepo('octo/routes', fixtureDir('repos', 'two-notebooks')))
  gh = await startGithubServer(own.root)
  jsd = await startJsdelivrServer(own.root)
})
test.afterAll(async () => {
  await jsd.stop()
  await gh.stop()
  await own.stop()
})

async function useStandIns(page: Page) {
  await page.addInitScript(
    (cfg) => {
      const cur: unknown = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
      localStorage.setItem('quire:config', JSON.stringify({ ...(typeof cur === 'object' ? cur : {}), ...cfg }))
    },
    {
      corsProxy: '',
      githubApiUrl: gh.apiUrl,
      githubRawUrl: gh.rawUrl,
      jsdelivrDataUrl: jsd.dataUrl,
      jsdelivrCdnUrl: jsd.cdnUrl,
    },
  )
}

test('a branch link: one API call for the ref, every file from jsDelivr, the header names the route', async ({
  page,
}) => {
  gh.requests.length = 0
  gh.limitAfter(60)
  await useStandIns(page)
  await page.goto('/v2/gh/octo/routes/main?labpath=a.ipynb')
  await expect(page.locator('.q-sha')).toHaveText(sha.slice(0, 7))
  await expect(page.locator('.q-route')).toHaveText('via jsDelivr')
  await expect(page.locator('.jp-Notebook')).toContainText('Notebook A')
  expect(gh.requests.filter((r) => r.startsWith('/repos/'))).toEqual(['/repos/octo/routes/commits/main'])
  expect(gh.requests.filter((r) => r.startsWith('/raw/'))).toEqual([])
  expect(jsd.requests).toContain(`/data/v1/packages/gh/octo/routes@${sha}?structure=flat`)
  await page.screenshot({ path: test.info().outputPath('github-routes.png') })
})

test('the permanent link opens with GitHub’s API limit used up: no API call at all', async ({ page }) => {
  gh.requests.length = 0
  gh.limitAfter(0)
  await useStandIns(page)
  await page.goto(`/v2/gh/octo/routes/${sha}?labpath=a.ipynb`)
  await expect(page.locator('.jp-Notebook')).toContainText('Notebook A')
  await expect(page.locator('.q-route')).toHaveText('via jsDelivr')
  expect(gh.requests).toEqual([])
})
