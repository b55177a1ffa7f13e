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
  await expect(page.frameLocator('.quire-IsolatedOutput iframe').locator('#probe')).toHaveText(
    'parent-blocked idb-blocked',
  )

  // HTML with nothing active stays inline, themed like any JupyterLab output.
  await nb.runCell(1)
  await expect(nb.output(1).locator('table.plain td')).toHaveText('plain table')
  await expect(nb.output(1).locator('iframe')).toHaveCount(0)
  expect(await page.title()).toBe(title)
})

const ATTACK = { app: 0, attack: 1, ownFiles: 2, sharedMemory: 3, input: 4, interrupt: 5, after: 6 }

test("Python runs in an opaque-origin frame: the app's storage is out of reach, the notebook's own work is not", async ({
  page,
  git,
  baseURL,
}) => {
  await page.goto(gitLaunchPath(git.repos['storage-attack'].cloneUrl, 'main', 'attack.ipynb'))
  const nb = new NotebookPage(page)
  // The kernel's worker lives in a sandboxed frame without allow-same-origin.
  await expect(page.locator('iframe.quire-KernelFrame')).toHaveAttribute('sandbox', 'allow-scripts')
  await nb.waitForKernelIdle()
  // The attack knows the app's address (any real one would); here the test tells it.
  await nb.typeAndRun(ATTACK.app, `APP = ${JSON.stringify(new URL(baseURL ?? page.url()).origin)}`, 'Shift+Enter')

  await nb.runCell(ATTACK.attack)
  const attack = nb.codeCell(ATTACK.attack).locator('.jp-OutputArea')
  await expect(attack).toContainText('origin: null')
  await expect(attack).toContainText('indexedDB: blocked, SecurityError')
  // In an opaque origin these APIs do not exist at all.
  await expect(attack).toContainText('caches: blocked, ReferenceError')
  await expect(attack).toContainText('opfs: blocked, TypeError')
  await expect(attack).toContainText('worker: blocked, SecurityError')
  await expect(attack).not.toContainText('REACHED')
  await attack.screenshot({ path: test.info().outputPath('storage-attack-blocked.png') })
  // What the attack was after is there, for the page: every repository and edit in IndexedDB.
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('quire')

  // The legitimate uses still work through the frame: the repository's files, shared memory
  // (so input() and interrupt work in place), and %pip from the configured index.
  await nb.runCell(ATTACK.ownFiles)
  await expect(nb.output(ATTACK.ownFiles)).toHaveText('only this repository')
  await nb.runCell(ATTACK.sharedMemory)
  await expect(nb.output(ATTACK.sharedMemory)).toHaveText('isolated: True')
  await nb.runCell(ATTACK.input)
  const box = nb.codeCell(ATTACK.input).locator('.jp-Stdin-input')
  await box.fill('Ada')
  await box.press('Enter')
  await expect(nb.codeCell(ATTACK.input).locator('.jp-OutputArea')).toContainText('Hello, Ada!')
  await nb.runCell(ATTACK.interrupt)
  await expect(page.locator('[data-jp-item-name="kernel-status"]')).toHaveAttribute('title', /Kernel Busy/)
  await nb.interrupt()
  await expect(nb.codeCell(ATTACK.interrupt).locator('.jp-OutputArea')).toContainText('KeyboardInterrupt', {
    timeout: 5_000,
  })
  await nb.waitForKernelIdle()
  await nb.typeAndRun(
    ATTACK.after,
    "%pip install greetings\nimport greetings\nprint(greetings.roster(['Ada']), name)",
    'Shift+Enter',
  )
  await expect(nb.codeCell(ATTACK.after)).toContainText('greetings-0.3.0')
  await expect(nb.codeCell(ATTACK.after).locator('.jp-OutputArea')).toContainText('Hello, Ada!')
  await page.screenshot({ path: test.info().outputPath('storage-attack.png') })
})
