// A `gh` link with no proxy configured (issue 19): the ref costs one GitHub API call, the files come
// from jsDelivr's mirror (its stand-in, e2e/servers/jsdelivr-server.ts, with CORS as the real one),
// the header says so, and the permanent link in a fresh browser makes no API call at all.
import type { Page } from '@playwright/test'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startGitServer, type GitServer } from './servers/git-server'
import { startGithubServer, type GithubServer } from './servers/github-server'
import { startGitlabServer } from './servers/gitlab-server'
import { startJsdelivrServer, type JsdelivrServer } from './servers/jsdelivr-server'
import { expect, fixtureDir, test } from './fixtures'

let own: GitServer
let gh: GithubServer
let jsd: JsdelivrServer
let sha: string
let gistSha: string
const GIST = '0f1e2d3c4b5a'

test.beforeAll(async () => {
  own = await startGitServer()
  ;({ sha } = await own.addRepo('octo/routes', fixtureDir('repos', 'two-notebooks')))
  ;({ sha: gistSha } = await own.addRepo(`octo/${GIST}`, fixtureDir('repos', 'kernel-features')))
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

test('symbolic links through jsDelivr: they come as files holding their target, and the header says which and why', async ({
  page,
}) => {
  await own.addRepo('octo/linked', fixtureDir('repos', 'two-notebooks'))
  const linked = await own.commitSymlinks('octo/linked', {
    'notes.md': 'README.md',
    'data/big.csv': '../../outside/big.csv',
  })
  await useStandIns(page)
  await page.goto(`/v2/gh/octo/linked/${linked}?labpath=a.ipynb`)
  await expect(page.locator('.jp-Notebook')).toContainText('Notebook A')
  await expect(page.locator('.q-route')).toHaveText('via jsDelivr')
  const links = page.locator('.q-links')
  await expect(links).toHaveText('2 links came as files — jsDelivr keeps no links')
  const title = await links.getAttribute('title')
  expect(title).toContain('data/big.csv → ../../outside/big.csv\nnotes.md → README.md')
  expect(title).toContain('npx quire proxy')
  await page.locator('.q-bar').screenshot({ path: test.info().outputPath('links-as-files.png') })
})

test('GitHub’s API limited and nothing stored: where this browser saw the branch 3 h ago opens, and the header says how old', async ({
  page,
}) => {
  gh.requests.length = 0
  gh.limitAfter(0)
  await useStandIns(page)
  // This browser looked the branch up 3 h ago (the shared lookup cache of src/repo/refCache.ts), and stores no commit.
  await page.goto('/')
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null).catch(() => false))
    .toBe(true)
  await page.evaluate(
    async ({ sha, at }) => {
      const cache = await caches.open('quire-refs-v1')
      const body = JSON.stringify({ ref: { kind: 'ref', name: 'main', sha }, at })
      const key = `https://quire.invalid/refs/${encodeURIComponent('gh:octo/routes@main')}`
      await cache.put(key, new Response(body, { headers: { 'content-type': 'application/json' } }))
    },
    { sha, at: Date.now() - 3 * 3600_000 },
  )
  await page.goto('/v2/gh/octo/routes/main?labpath=a.ipynb')
  await expect(page.locator('.jp-Notebook')).toContainText('Notebook A')
  await expect(page.locator('.q-ref-age')).toHaveText('main as of 3 h ago — it may have moved since')
  await expect(page.locator('.q-route')).toHaveText('via jsDelivr')
  expect(gh.requests).toEqual(['/repos/octo/routes/commits/main'])
  await page.screenshot({ path: test.info().outputPath('github-routes-stale-ref.png') })
  gh.limitAfter(60)
})

test('GitHub’s API limited in a fresh browser: the branch opens as jsDelivr’s cache has it, commit unknown, and the header says how old', async ({
  page,
}) => {
  gh.requests.length = 0
  jsd.requests.length = 0
  gh.limitAfter(0)
  await useStandIns(page)
  await page.goto('/v2/gh/octo/routes/main?labpath=a.ipynb')
  await expect(page.locator('.jp-Notebook')).toContainText('Notebook A')
  // jsDelivr names the branch, not its commit: no SHA is shown and no permanent link is offered.
  await expect(page.locator('.q-sha')).toHaveText('jsDelivr’s copy (commit unknown)')
  await expect(page.locator('.q-permalink')).toHaveCount(0)
  await expect(page.locator('.q-ref-age')).toHaveText(
    /^main as jsDelivr’s cache has it — commit unknown, made \d+ (s|min) ago; up to 12 h behind GitHub$/,
  )
  await expect(page.locator('.q-route')).toHaveText('via jsDelivr')
  expect(gh.requests).toEqual(['/repos/octo/routes/commits/main'])
  expect(jsd.requests).toContain('/cdn/gh/octo/routes@main/+private-json')
  expect(jsd.requests).toContain('/cdn/gh/octo/routes@main/a.ipynb')
  await page.screenshot({ path: test.info().outputPath('github-routes-jsdelivr-branch.png') })
  gh.limitAfter(60)
})

test('GitHub’s API limited in a fresh browser, jsDelivr naming the commit it holds: that commit opens, said to lag', async ({
  page,
}) => {
  gh.limitAfter(0)
  jsd.branchVersion = 'commit'
  await useStandIns(page)
  await page.goto('/v2/gh/octo/routes/main?labpath=a.ipynb')
  await expect(page.locator('.jp-Notebook')).toContainText('Notebook A')
  await expect(page.locator('.q-sha')).toHaveText(sha.slice(0, 7))
  await expect(page.locator('.q-ref-age')).toHaveText('main as jsDelivr’s cache has it — up to 12 h behind GitHub')
  jsd.branchVersion = 'name'
  gh.limitAfter(60)
})

test('a gist link with no proxy configured opens through GitHub’s gist API, and the header says so', async ({
  page,
}) => {
  gh.requests.length = 0
  gh.limitAfter(60)
  await useStandIns(page)
  await page.goto(`/v2/gist/octo/${GIST}/master?labpath=features.ipynb`)
  await expect(page.locator('.q-sha')).toHaveText(gistSha.slice(0, 7))
  await expect(page.locator('.q-route')).toHaveText('via GitHub’s gist API')
  await expect(page.locator('.jp-Notebook')).toBeVisible()
  // The latest revision and every file came in one API call.
  expect(gh.requests).toEqual([`/gists/${GIST}`])
  await page.screenshot({ path: test.info().outputPath('gist-api.png') })
})

test('a GitLab link with no proxy configured opens through GitLab’s API, and the header says so', async ({ page }) => {
  const gl = await startGitlabServer(own.root)
  try {
    await useStandIns(page)
    await page.addInitScript((gitlabUrl) => {
      const cur: unknown = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
      localStorage.setItem('quire:config', JSON.stringify({ ...(typeof cur === 'object' ? cur : {}), gitlabUrl }))
    }, gl.url)
    await page.goto('/v2/gl/octo%2Froutes/main?labpath=a.ipynb')
    await expect(page.locator('.q-sha')).toHaveText(sha.slice(0, 7))
    await expect(page.locator('.q-route')).toHaveText('via GitLab’s API')
    await expect(page.locator('.jp-Notebook')).toContainText('Notebook A')
    expect(gl.requests[0]).toBe('/api/v4/projects/octo%2Froutes/repository/commits/main')
    await page.screenshot({ path: test.info().outputPath('gitlab-api.png') })
  } finally {
    await gl.stop()
  }
})

test('a GitLab link with no proxy configured: the browser refuses a host without CORS, and the error says why', async ({
  page,
}) => {
  // GitLab's git endpoints answer, but with no CORS headers: the browser keeps the answer from the page.
  const noCors = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'))
  await new Promise<void>((ok) => noCors.listen(0, '127.0.0.1', ok))
  try {
    await useStandIns(page)
    await page.addInitScript(
      (gitlabUrl) => {
        const cur: unknown = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
        localStorage.setItem('quire:config', JSON.stringify({ ...(typeof cur === 'object' ? cur : {}), gitlabUrl }))
      },
      `http://127.0.0.1:${(noCors.address() as AddressInfo).port}`,
    )
    await page.goto('/v2/gl/group%2Fproject/main')
    const screen = page.locator('.q-error')
    await expect(screen).toHaveAttribute('data-error-code', 'REPO_UNREACHABLE')
    await expect(screen.locator('.q-error-action')).toContainText('npx quire proxy')
    await screen.locator('summary', { hasText: 'Details' }).click()
    const message = screen.locator('dd code').last()
    await expect(message).toContainText("GitLab's git endpoints send no CORS headers and no CORS proxy is configured")
    await page.screenshot({ path: test.info().outputPath('gitlab-no-proxy.png') })
  } finally {
    noCors.closeAllConnections()
    await new Promise<void>((ok) => noCors.close(() => ok()))
  }
})
