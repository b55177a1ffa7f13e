// Issue 19: a repository holding a dangling symlink (`data/big.csv` pointing outside it), a symlink
// to its own folder and git submodules opens, runs, and says in its header what it could not give.
// Before the fix the launch ended with "The browser's storage is unavailable".
import { expect, fixtureDir, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'

test('symlinks and submodules: the repository opens, links work from Python, the header names the rest', async ({
  page,
  git,
}) => {
  const lib = git.repos['csv-repo']
  const { cloneUrl } = await git.addRepo('links-repo', fixtureDir('repos', 'links-repo'))
  await git.commitSymlinks('links-repo', {
    'data/big.csv': '../../outside/big.csv',
    loop: '.',
    'notes.md': 'README.md',
  })
  await git.commitSubmodule('links-repo', 'vendor/lib', { url: lib.cloneUrl, sha: lib.sha })
  const sha = await git.commitSubmodule('links-repo', 'vendor/secret', {
    url: `${git.url}/private/secret.git`,
    sha: lib.sha,
  })

  await page.goto(gitLaunchPath(cloneUrl, 'main', 'links.ipynb'))
  await expect(page.locator('.q-sha')).toHaveText(sha.slice(0, 7))
  await expect(page.locator('.q-links')).toHaveText('1 link points outside the repository')
  await expect(page.locator('.q-links')).toHaveAttribute('title', 'data/big.csv → ../../outside/big.csv')
  await expect(page.locator('.q-submodules')).toHaveText('submodule vendor/secret not fetched')
  await expect(page.locator('[data-error-code]')).toHaveCount(0)

  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText(
    [
      '# Links and submodules',
      "True ['.gitmodules', 'README.md', 'links.ipynb', 'loop', 'notes.md', 'vendor']",
      'city,temp',
      // data/ held only the link that leads outside: as the header says, it is not there.
    ].join('\n') + '\n',
  )
  await page.screenshot({ path: test.info().outputPath('repo-shapes.png') })
})
