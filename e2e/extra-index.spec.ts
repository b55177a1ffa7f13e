// `--extra-index-url` in requirements.txt, end to end: a package only a second index serves is
// found there, installed and imported; the lock says where each wheel came from; that index
// serves no PEP 658 files, so its wheel is read for its metadata and that same download installs
// it; an extra index that cannot be reached is a warning the user sees, not a failed launch.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'
import { startPypiServer, type PypiServer } from './servers/pypi-server'

const SHOTS = process.env.QUIRE_SHOTS
const PLACEHOLDER = 'QUIRE_EXTRA_INDEX_URL'

/** The extra-index fixture repository with `extraIndexUrl` written into its requirements.txt
 *  (`drop`: requirement lines to leave out), added to the git server under `name`. */
async function addExtraIndexRepo(
  git: { addRepo(name: string, dir: string): Promise<{ cloneUrl: string }> },
  name: string,
  extraIndexUrl: string,
  drop: string[] = [],
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'quire-extra-index-'))
  try {
    await cp(fixtureDir('repos', 'extra-index'), dir, { recursive: true })
    const file = join(dir, 'requirements.txt')
    const text = (await readFile(file, 'utf8')).replace(PLACEHOLDER, extraIndexUrl)
    await writeFile(
      file,
      text
        .split('\n')
        .filter((l) => !drop.includes(l.trim()))
        .join('\n'),
    )
    return (await git.addRepo(name, dir)).cloneUrl
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

let second: PypiServer
test.beforeAll(async () => {
  second = await startPypiServer({ isMetadataServed: false })
  await second.addFromDir(fixtureDir('packages', 'extra-only'))
})
test.afterAll(async () => {
  await second?.stop()
})

test('a package only the --extra-index-url index has is installed from it and imports', async ({ page, git, pypi }) => {
  const cloneUrl = await addExtraIndexRepo(git, 'extra-index', `${second.url}/simple`)
  const fromSecond: string[] = []
  // The service worker's own fetch of a request it intercepts is not a second download.
  page.context().on('request', (r) => {
    if (r.url().startsWith(second.url) && !r.serviceWorker()) fromSecond.push(r.url())
  })
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'hello.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('extra-only 0.5.0 with tinytable 1.2.0 | Hello, Ada!')
  await expect(page.getByRole('status', { name: 'Environment warnings' })).toHaveCount(0)
  // Read once for its dependencies (no .metadata file on this index) and installed from those bytes.
  const wheel = `${second.url}/files/extra_only-0.5.0-py3-none-any.whl`
  expect(fromSecond.filter((u) => u.includes('/files/'))).toEqual([wheel])
  // The lock names each wheel's real index.
  const env = page.locator('.q-env-popover')
  await env.getByText('Environment', { exact: true }).click()
  // Each package says where it comes from: the extra index by its host, not "PyPI".
  await expect(env.locator('tr[data-package="extra-only"] td')).toHaveText([
    'extra-only',
    '0.5.0',
    `wheel from ${new URL(second.url).host}`,
  ])
  await expect(env.locator('tr[data-package="greetings"] td')).toHaveText(['greetings', '0.3.0', 'PyPI wheel'])
  await expect(env.locator('.q-env-summary')).toHaveText('3 packages: 2 PyPI wheels, 1 extra-index wheel')
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/extra-index-env.png` })
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    env.getByRole('link', { name: 'Download lock (pyodide-lock.json)' }).click(),
  ])
  const lock = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    packages: Record<string, { version: string; file_name: string }>
  }
  expect(
    Object.entries(lock.packages)
      .map(([k, p]) => `${k} ${p.version} ${p.file_name}`)
      .sort(),
  ).toEqual([
    `extra-only 0.5.0 ${wheel}`,
    `greetings 0.3.0 ${pypi.url}/files/greetings-0.3.0-py3-none-any.whl`,
    `tinytable 1.2.0 ${pypi.url}/files/tinytable-1.2.0-py3-none-any.whl`,
  ])
})

test('an --extra-index-url that cannot be reached is a warning at its line; the main index still serves the rest', async ({
  page,
  git,
}) => {
  const gone = await startPypiServer()
  const dead = `${gone.url}/simple`
  await gone.stop()
  const cloneUrl = await addExtraIndexRepo(git, 'extra-index-down', dead, ['extra-only'])
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'hello.ipynb'))
  const notice = page.getByRole('status', { name: 'Environment warnings' })
  await expect(notice.locator('[data-level="warning"]')).toHaveText([
    new RegExp(
      `requirements\\.txt:3.*The package index ${dead.replace(/[.]/g, '\\.')} could not be reached .*packages were taken from the other indexes only\\.`,
    ),
  ])
  await expect(page.locator('.jp-Notebook')).toBeVisible()
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/extra-index-down.png` })
})
