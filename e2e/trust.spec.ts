import { expect, gitLaunchPath, test } from './fixtures'
import { WorkspacePage } from './workspacePage'

// README "Trust": trust comes from running a cell in this browser, and is never stored. Outputs
// saved in the edit overlay are untrusted again after a reload, like a repository's own outputs.
test('outputs the user produced are trusted until the notebook is reopened from the overlay', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['outputs-repo'].cloneUrl, 'main', 'outputs.ipynb'))
  const ws = new WorkspacePage(page)
  const output = ws.codeCell(0).locator('.jp-OutputArea-output')
  await ws.waitForKernelIdle()
  await ws.runCell(0)
  await expect(output.locator('iframe')).toHaveAttribute('sandbox', 'allow-scripts allow-popups allow-downloads')
  // Autosave has written the new output into the overlay.
  const savedOutputs = async () =>
    (
      JSON.parse((await ws.storedEdit('outputs.ipynb'))?.content || '{"cells":[{}]}') as {
        cells: Array<{ outputs?: unknown[] }>
      }
    ).cells[0].outputs?.length ?? 0
  await expect.poll(savedOutputs).toBe(1)

  await page.reload()
  // The saved output comes back as sanitised inline HTML: no frame, no script, nothing ran.
  await expect(output).toHaveText('waiting')
  await expect(output.locator('iframe, script')).toHaveCount(0)
  // Running the cell again trusts its new output.
  await ws.waitForKernelIdle()
  await ws.runCell(0)
  await expect(output.locator('iframe')).toHaveCount(1)
})

test('a notebook that marks its own cells trusted still gets its stored outputs sanitised', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'claims-trust.ipynb'))
  const ws = new WorkspacePage(page)
  const output = ws.codeCell(0).locator('.jp-OutputArea-output')
  await expect(output.locator('b')).toHaveText('stored output')
  await expect(output.locator('iframe, script')).toHaveCount(0)
  await ws.waitForKernelIdle()
  expect(await page.title()).not.toBe('script ran')
})
