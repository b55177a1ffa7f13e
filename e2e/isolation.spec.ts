import { expect, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'

test('output that runs script is confined to a sandboxed frame without the app origin', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['outputs-repo'].cloneUrl, 'main', 'outputs.ipynb'))
  const nb = new NotebookPage(page)
  const title = await page.title()

  // A stored output from the repository is untrusted: sanitised inline, its script never runs.
  await expect(nb.output(2).locator('b')).toHaveText('stored output')
  await expect(nb.output(2).locator('script, iframe')).toHaveCount(0)

  await nb.waitForKernelIdle()
  await nb.runCell(0)
  const frame = nb.output(0).locator('iframe')
  await expect(frame).toHaveAttribute('sandbox', 'allow-scripts allow-popups allow-downloads')
  // The script ran, in an opaque origin: no access to this page and no IndexedDB.
  await expect(page.frameLocator('.quire-IsolatedOutput iframe').locator('#probe')).toHaveText('parent-blocked idb-blocked')

  // HTML with nothing active stays inline, themed like any JupyterLab output.
  await nb.runCell(1)
  await expect(nb.output(1).locator('table.plain td')).toHaveText('plain table')
  await expect(nb.output(1).locator('iframe')).toHaveCount(0)
  expect(await page.title()).toBe(title)
})
