// Issue 4's remainder and issue 10's zip-slip, end to end against the local servers: the lock
// exported from the header, a launch resolved through the JSON simple API (PEP 691) with PEP 658
// metadata files, undeclared imports added with a warning, and a wheel that would write outside
// site-packages refused with nothing of it kept.
import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { buildWheel } from '../scripts/lib/wheel.mjs'
import { startLockStandIn } from './lockStandIn'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { startPypiServer } from './servers/pypi-server'

const SHOTS = process.env.QUIRE_SHOTS

/** Point the page at another index (after the fixture's own init script, so this one wins). */
const useIndex = (page: Page, pypiUrl: string) =>
  page.addInitScript((url) => {
    const cur: unknown = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
    localStorage.setItem('quire:config', JSON.stringify({ ...(typeof cur === 'object' ? cur : {}), pypiUrl: url }))
  }, pypiUrl)

/** Keys of one IndexedDB store of the app. */
const storeKeys = (page: Page, store: string) =>
  page.evaluate(
    (name) =>
      new Promise<string[]>((ok, fail) => {
        const req = indexedDB.open('quire')
        req.onerror = () => fail(req.error)
        req.onsuccess = () => {
          const keys = req.result.transaction(name).objectStore(name).getAllKeys()
          keys.onsuccess = () => ok(keys.result.map(String))
        }
      }),
    store,
  )

test("the resolved environment downloads as pyodide-lock.json with each package's version, URL and sha256", async ({
  page,
  git,
  pypi,
}) => {
  await page.goto(gitLaunchPath(git.repos['env-yml'].cloneUrl, 'main', 'hello.ipynb'))
  await expect(page.locator('.jp-Notebook')).toBeVisible()
  // With the rest of the environment, in the header's Environment popover.
  const env = page.locator('.q-env-popover')
  await env.getByText('Environment', { exact: true }).click()
  const link = env.getByRole('link', { name: 'Download lock (pyodide-lock.json)' })
  await expect(link).toBeVisible()
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/lock-download.png` })
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  expect(download.suggestedFilename()).toBe('pyodide-lock.json')
  const lock = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    info: { python: string; abi_version: string }
    packages: Record<string, { name: string; version: string; file_name: string; sha256: string; depends: string[] }>
  }
  expect(lock.info).toMatchObject({ python: '3.14.2', abi_version: '2026_0' })
  const simple = async (name: string) =>
    (
      (await (
        await fetch(`${pypi.url}/simple/${name}/`, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' } })
      ).json()) as {
        files: Array<{ filename: string; url: string; hashes: { sha256: string } }>
      }
    ).files
  const [greetings] = await simple('greetings')
  const tinytable = (await simple('tinytable')).find((f) => f.filename.startsWith('tinytable-1.2.0'))
  expect(lock.packages.greetings).toMatchObject({
    name: 'greetings',
    version: '0.3.0',
    file_name: greetings.url,
    sha256: greetings.hashes.sha256,
    depends: ['tinytable'],
  })
  expect(lock.packages.tinytable).toMatchObject({
    name: 'tinytable',
    version: '1.2.0',
    file_name: tinytable?.url,
    sha256: tinytable?.hashes.sha256,
  })
})

test('a launch through the JSON simple API reads dependencies from .metadata files, not wheels it does not install', async ({
  page,
  git,
  pypi,
}) => {
  await useIndex(page, `${pypi.url}/simple`)
  const seen: string[] = []
  // The service worker's own fetch of a request it intercepts is not a second download.
  page.context().on('request', (r) => {
    if (r.url().startsWith(pypi.url) && !r.serviceWorker()) seen.push(`${r.url()} ${r.headers().accept ?? ''}`)
  })
  await page.goto(gitLaunchPath(git.repos['env-yml'].cloneUrl, 'main', 'hello.ipynb'))
  // Ready means resolved, downloaded and sha256-checked: the lock says from where.
  const env = page.locator('.q-env-popover')
  await env.getByText('Environment', { exact: true }).click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    env.getByRole('link', { name: 'Download lock (pyodide-lock.json)' }).click(),
  ])
  const lock = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    packages: Record<string, { version: string; file_name: string }>
  }
  expect(Object.entries(lock.packages).map(([k, p]) => `${k} ${p.version} ${p.file_name}`)).toEqual([
    `greetings 0.3.0 ${pypi.url}/files/greetings-0.3.0-py3-none-any.whl`,
    `tinytable 1.2.0 ${pypi.url}/files/tinytable-1.2.0-py3-none-any.whl`,
  ])
  expect(seen.filter((s) => s.includes('/simple/'))).toEqual([
    `${pypi.url}/simple/greetings/ application/vnd.pypi.simple.v1+json`,
    `${pypi.url}/simple/tinytable/ application/vnd.pypi.simple.v1+json`,
  ])
  // Dependencies came from the PEP 658 files; each wheel was fetched once, to be installed.
  expect(
    seen
      .filter((s) => s.includes('/files/'))
      .map((s) => s.split(' ')[0])
      .sort(),
  ).toEqual([
    `${pypi.url}/files/greetings-0.3.0-py3-none-any.whl`,
    `${pypi.url}/files/greetings-0.3.0-py3-none-any.whl.metadata`,
    `${pypi.url}/files/tinytable-1.2.0-py3-none-any.whl`,
    `${pypi.url}/files/tinytable-1.2.0-py3-none-any.whl.metadata`,
  ])
  expect(seen.some((s) => s.includes('/pypi/'))).toBe(false) // the JSON API was never asked
  await expect(page.locator('.jp-Notebook')).toBeVisible()
})

test("imports the notebooks use but nobody declared are added from Pyodide's lock, with a warning", async ({
  page,
  git,
}) => {
  // Only the verdict is checked; numpy and scipy come from a mirror of Pyodide's CDN (e2e/lockStandIn.ts).
  const cdn = await startLockStandIn(page, ['numpy', 'scipy'])
  await page.goto(gitLaunchPath(git.repos['undeclared-import'].cloneUrl, 'main', 'analysis.ipynb'))
  const notice = page.getByRole('status', { name: 'Environment warnings' })
  await expect(notice.locator('[data-level="warning"]')).toHaveText([
    /added numpy: imported by analysis\.ipynb but not declared\./,
    /added scipy: imported by analysis\.ipynb but not declared\./,
  ])
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/undeclared-imports.png` })
  await cdn.stop()
})

test('a wheel with a ../ entry is refused with UNSAFE_WHEEL; nothing of it, nor of the failed environment, is stored', async ({
  page,
  git,
}) => {
  const own = await startPypiServer()
  try {
    await own.addFromDir(fixtureDir('packages', 'tinytable'))
    await own.addFromDir(fixtureDir('packages', 'greetings'))
    const clean = buildWheel({ name: 'slippery', version: '1.0', files: { 'slippery/__init__.py': 'X = 1\n' } })
    const entries = unzipSync(clean.bytes)
    entries['../../escape.py'] = strToU8('print("escaped")\n')
    const filename = 'slippery-1.0-py3-none-any.whl'
    own.addWheel({ filename, bytes: zipSync(entries) })
    await useIndex(page, own.url)
    await page.goto(gitLaunchPath(git.repos['zip-slip'].cloneUrl, 'main', 'hello.ipynb'))
    const screen = page.locator('.q-error')
    await expect(screen).toHaveAttribute('data-error-code', 'UNSAFE_WHEEL')
    await expect(screen.getByRole('heading')).toHaveText('A package would write files outside its folder')
    await expect(screen.locator('details', { hasText: 'Message' })).toContainText(
      `${filename}: entry "../../escape.py" climbs out of its folder with ..`,
    )
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/zip-slip.png` })
    // The wheels downloaded before it are cached by hash; the bad one and the environment are not.
    const wheels = await storeKeys(page, 'wheels')
    const evil = (await (
      await fetch(`${own.url}/simple/slippery/`, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' } })
    ).json()) as { files: Array<{ hashes: { sha256: string } }> }
    expect(wheels).not.toContain(evil.files[0].hashes.sha256)
    expect((await storeKeys(page, 'envs')).some((k) => k.includes('zip-slip'))).toBe(false)
  } finally {
    await own.stop()
  }
})

test('a crafted launch link (javascript: in urlpath) is a coded error, shown as text', async ({ page, git }) => {
  await page.goto(
    `${gitLaunchPath(git.repos['env-yml'].cloneUrl, 'main')}?urlpath=${encodeURIComponent('javascript:alert(document.domain)')}`,
  )
  const screen = page.locator('.q-error')
  await expect(screen).toHaveAttribute('data-error-code', 'BAD_LAUNCH_URL')
  await expect(screen.locator('details', { hasText: 'Message' })).toContainText(
    'urlpath "javascript:alert(document.domain)" is not a path',
  )
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0)
})
