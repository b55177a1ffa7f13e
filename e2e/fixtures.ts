import { test as base } from '@playwright/test'
import type { Browser, BrowserContext, Page } from '@playwright/test'
import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { startGitServer, type GitServer } from './servers/git-server'
import { startPypiServer, type PypiServer } from './servers/pypi-server'

export { expect } from '@playwright/test'

export const fixtureDir = (kind: 'repos' | 'packages', name: string) =>
  fileURLToPath(new URL(`./fixtures/${kind}/${name}`, import.meta.url))

export const FIXTURE_REPOS = [
  'csv-repo',
  'two-notebooks',
  'no-notebooks',
  'broken-notebook',
  'bad-requirements',
  'env-yml',
  'pipfile-repo',
  'binder-dir',
  'dockerfile-repo',
  'drift-repo',
  'unsatisfiable-pin',
  'corrupt-wheel',
  'kernel-features',
  'r-repo',
  'outputs-repo',
  'workspace-repo',
  'notebook-ui',
  'widgets-repo',
  'undeclared-import',
  'zip-slip',
  'snapshot-repo',
  'storage-attack',
  'r-only',
] as const
export const FIXTURE_PACKAGES = ['tinytable', 'tinytable-old', 'greetings', 'miniwidgets', 'stamped'] as const

/** Adds every fixture repository to a git server (branch `main`). */
export async function addFixtureRepos(git: GitServer): Promise<Record<string, { cloneUrl: string; sha: string }>> {
  const out: Record<string, { cloneUrl: string; sha: string }> = {}
  for (const name of FIXTURE_REPOS) out[name] = await git.addRepo(name, fixtureDir('repos', name))
  return out
}

/** `/v2/git/<escaped clone URL>/<ref>[?labpath=…]`, the link a user would be given. */
/** Stops a static site server now, dropping its kept-alive connections (the browser holds some). */
export async function stopSite(app: Server): Promise<void> {
  if (!app.listening) return
  app.closeAllConnections()
  await new Promise((ok) => app.close(ok))
}

/** The last server (the site) stopped, the browser offline, the page loaded again: what offline tests do. */
export async function reloadOffline(page: Page, context: BrowserContext, app: Server): Promise<void> {
  await stopSite(app)
  await context.setOffline(true)
  await page.reload()
}

export function gitLaunchPath(cloneUrl: string, ref = 'main', labpath?: string): string {
  return `/v2/git/${encodeURIComponent(cloneUrl)}/${encodeURIComponent(ref)}${labpath ? `?labpath=${encodeURIComponent(labpath)}` : ''}`
}

interface WorkerFixtures {
  git: GitServer & { repos: Record<string, { cloneUrl: string; sha: string }> }
  pypi: PypiServer
}

/**
 * Real local servers, started once per Playwright worker: a git smart-HTTP server with the
 * fixture repositories and a PyPI-compatible index with wheels built from the fixture packages.
 * Every page is pointed at that index through Quire's per-browser config override.
 */
export const test = base.extend<object, WorkerFixtures>({
  git: [
    async ({}, use) => {
      const git = await startGitServer()
      const repos = await addFixtureRepos(git)
      await use(Object.assign(git, { repos }))
      await git.stop()
    },
    { scope: 'worker' },
  ],
  pypi: [
    async ({}, use) => {
      const pypi = await startPypiServer()
      for (const p of FIXTURE_PACKAGES) await pypi.addFromDir(fixtureDir('packages', p))
      await use(pypi)
      await pypi.stop()
    },
    { scope: 'worker' },
  ],
  page: async ({ page, pypi }, use) => {
    await useFixtureIndex(page, pypi)
    await use(page)
  },
})

/** Points every load of `target` at the fixture index through Quire's per-browser config override. */
async function useFixtureIndex(target: Page | BrowserContext, pypi: PypiServer): Promise<void> {
  // Merged, not replaced, so settings the app itself saved (a GitHub token) survive reloads.
  await target.addInitScript(
    (cfg) => {
      const cur: unknown = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
      localStorage.setItem(
        'quire:config',
        JSON.stringify({ ...(typeof cur === 'object' ? cur : {}), ...JSON.parse(cfg) }),
      )
    },
    JSON.stringify({ pypiUrl: pypi.url }),
  )
}

/**
 * A fresh context and page set up as the `page` fixture's, for a `test.describe.configure({ mode: 'serial' })`
 * whose tests are steps of one scenario on one launched notebook: one cold launch and one Python boot for the
 * group instead of one per test. Close its context in `afterAll`.
 */
export async function newSharedPage(browser: Browser, pypi: PypiServer): Promise<Page> {
  const context = await browser.newContext()
  await useFixtureIndex(context, pypi)
  return context.newPage()
}
