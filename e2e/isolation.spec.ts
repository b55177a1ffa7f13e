import { expect, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'
import { WorkspacePage } from './workspacePage'

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
  // The cell prints before it spins: the interrupt goes to a running cell, not to one still on its
  // way to the kernel (the status strip can still say busy from the cell before).
  await expect(nb.output(ATTACK.interrupt)).toContainText('spinning')
  await nb.interrupt()
  await expect(nb.codeCell(ATTACK.interrupt).locator('.jp-OutputArea')).toContainText('KeyboardInterrupt')
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

const R_ATTACK = { app: 0, attack: 1, idbfs: 2, ownFiles: 3, plot: 4, sharedMemory: 5, interrupt: 6, liveFolder: 7 }

test("R runs in an opaque-origin frame: webR's JavaScript reaches none of the app's storage, the notebook's work goes on", async ({
  page,
  git,
  baseURL,
}) => {
  // webR boots twice here at most (first launch); its files come from the page as bytes.
  test.setTimeout(180_000)
  await page.goto(gitLaunchPath(git.repos['storage-attack'].cloneUrl, 'main', 'attack-r.ipynb'))
  const nb = new NotebookPage(page)
  // webR (its main-thread object and its worker) lives in a sandboxed frame without allow-same-origin.
  await expect(page.locator('iframe.quire-RKernelFrame')).toHaveAttribute('sandbox', 'allow-scripts')
  await expect(page.locator('.jp-NotebookPanel-toolbar')).toContainText('R (webR)')
  await nb.waitForKernelIdle()
  await nb.typeAndRun(R_ATTACK.app, `APP <- ${JSON.stringify(new URL(baseURL ?? page.url()).origin)}`, 'Shift+Enter')

  await nb.runCell(R_ATTACK.attack)
  const attack = nb.codeCell(R_ATTACK.attack).locator('.jp-OutputArea')
  await expect(attack).toContainText('origin: null null')
  // webr::eval_js() in webR's worker, and with await = TRUE on webR's main thread: both opaque.
  for (const side of ['worker', 'main'])
    for (const name of ['indexedDB', 'caches', 'opfs', 'serviceWorker', 'page DOM', 'page storage'])
      await expect(attack).toContainText(`${name} (${side}): blocked`)
  await expect(attack).toContainText('indexedDB (worker): blocked, SecurityError')
  await expect(attack).toContainText('indexedDB (main): blocked, SecurityError')
  // webR's main-thread object lives in a worker of the frame: there is no `parent` to climb to.
  await expect(attack).toContainText('page DOM (main): blocked, ReferenceError')
  await expect(attack).toContainText('app worker (main): blocked, SecurityError')
  await expect(attack).not.toContainText('REACHED')
  await attack.screenshot({ path: test.info().outputPath('r-storage-attack-blocked.png') })

  // webR's IndexedDB file system cannot write into the app's IndexedDB either.
  await nb.runCell(R_ATTACK.idbfs)
  await expect(nb.codeCell(R_ATTACK.idbfs).locator('.jp-OutputArea')).toContainText('idbfs:')
  const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))
  expect(databases).toContain('quire')
  expect(databases).not.toContain('/idb')

  // The notebook's own work: the repository's files, a plot, interrupt in place, live folders.
  await nb.runCell(R_ATTACK.ownFiles)
  await expect(nb.output(R_ATTACK.ownFiles)).toHaveText('only this repository ')
  await nb.runCell(R_ATTACK.plot)
  const img = nb.output(R_ATTACK.plot).locator('img')
  await expect(img).toHaveAttribute('src', /^data:image\/png;base64,/)
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(672)
  await nb.runCell(R_ATTACK.sharedMemory)
  await expect(nb.output(R_ATTACK.sharedMemory)).toHaveText('[1] TRUE')
  await nb.runCell(R_ATTACK.interrupt)
  await expect(page.locator('[data-jp-item-name="kernel-status"]')).toHaveAttribute('title', /Kernel Busy/)
  await nb.interrupt()
  await expect(nb.output(R_ATTACK.interrupt)).toHaveText('Interrupted')
  await nb.waitForKernelIdle()

  const ws = new WorkspacePage(page)
  await ws.panel.getByRole('button', { name: 'Folder' }).click()
  await page.getByLabel('New folder name').fill('made-live')
  await page.getByLabel('New folder name').press('Enter')
  await expect(ws.panel.locator('.q-folder[data-path="made-live"]')).toBeVisible()
  // The folder reaches R half a second after it is made (kernelSync.ts): run the cell until it is there.
  await expect(async () => {
    await nb.runCell(R_ATTACK.liveFolder)
    await expect(nb.output(R_ATTACK.liveFolder)).toHaveText('made-live: TRUE ', { timeout: 3_000 })
  }).toPass({ timeout: 20_000 })
  await page.screenshot({ path: test.info().outputPath('r-storage-attack.png') })
})
