// The Python kernel in Chromium, as a user meets it: streaming, input(), interrupt, restart,
// rich output, update_display, magics, and a crash. The page is cross-origin isolated (the
// static server sends COOP/COEP), so interrupt and input() use shared memory.
//
// The tests are steps on one launched notebook, in this order (serial): one cold launch and Python boot
// for the file, not one per test. Each step leaves the kernel idle for the next; the restart step comes
// before anything defines `counter`, and the crash comes last.
import type { Page } from '@playwright/test'
import { expect, gitLaunchPath, newSharedPage, test } from './fixtures'
import { NotebookPage } from './notebookPage'

const CELL = { streaming: 0, input: 1, interrupt: 2, afterInterrupt: 3, rich: 4, update: 5, magics: 6, afterRestart: 7 }

test.describe.configure({ mode: 'serial' })

let page: Page
let nb: NotebookPage

test.beforeAll(async ({ browser, pypi, git }) => {
  page = await newSharedPage(browser, pypi)
  await page.goto(gitLaunchPath(git.repos['kernel-features'].cloneUrl, 'main', 'features.ipynb'))
  nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
})

test.afterAll(async () => {
  await page?.context().close()
})

/** The toolbar's restart button, then JupyterLab's "Restart Kernel?" dialog. */
async function restartKernel(page: Page) {
  await page.locator('[data-jp-item-name="restart"] jp-button, [data-jp-item-name="restart"] button').first().click()
  await page.locator('.jp-Dialog').getByRole('button', { name: 'Confirm Kernel Restart' }).click()
  await expect(page.locator('.jp-Dialog')).toHaveCount(0)
}

test('the page is cross-origin isolated, so shared memory is available', async () => {
  expect(await page.evaluate(() => crossOriginIsolated && typeof SharedArrayBuffer === 'function')).toBe(true)
})

test('printed lines appear one by one while the cell runs', async () => {
  // Every text the output area shows is recorded in the page as it changes: reading it from the test
  // instead would race a loaded machine, where the test may look only after all three lines are in.
  await nb.codeCell(CELL.streaming).evaluate((cell) => {
    const seen: string[] = []
    Reflect.set(window, 'streamSeen', seen)
    new MutationObserver(() => seen.push(cell.querySelector('.jp-OutputArea')?.textContent ?? '')).observe(cell, {
      childList: true,
      subtree: true,
      characterData: true,
    })
  })
  await nb.runCell(CELL.streaming)
  await expect(nb.output(CELL.streaming)).toContainText('line 2')
  // The loop sleeps a second between lines: the first showed while the last was not there yet.
  const seen = (await page.evaluate(() => Reflect.get(window, 'streamSeen'))) as string[]
  expect(seen.some((text) => text.includes('line 0') && !text.includes('line 2'))).toBe(true)
})

test('input() asks in the notebook and gets the answer', async () => {
  await nb.runCell(CELL.input)
  const box = nb.codeCell(CELL.input).locator('.jp-Stdin-input')
  await expect(nb.codeCell(CELL.input)).toContainText('Your name?')
  await box.fill('Ada')
  await box.press('Enter')
  await expect(nb.codeCell(CELL.input).locator('.jp-OutputArea')).toContainText('Hello, Ada!')
})

test('restart clears the namespace and the kernel runs again', async () => {
  await nb.codeCell(CELL.afterRestart).locator('.cm-content').click()
  await page.keyboard.press('Control+Enter')
  await expect(nb.output(CELL.afterRestart)).toHaveText('False')
  await nb.typeAndRun(CELL.afterInterrupt, 'counter = 5')
  await nb.codeCell(CELL.afterRestart).locator('.cm-content').click()
  await page.keyboard.press('Control+Enter')
  await expect(nb.output(CELL.afterRestart)).toHaveText('True')
  await restartKernel(page)
  await nb.waitForKernelIdle()
  await nb.codeCell(CELL.afterRestart).locator('.cm-content').click()
  await page.keyboard.press('Control+Enter')
  await expect(nb.output(CELL.afterRestart)).toHaveText('False')
})

test('interrupt stops `while True: pass` and keeps the namespace', async () => {
  await nb.runCell(CELL.interrupt)
  // The cell prints before it spins: the interrupt is sent to a running cell, not a queued one
  // (JupyterLite cancels a queued cell itself). No timing here: speed is the benchmark's to measure.
  await expect(nb.output(CELL.interrupt)).toContainText('spinning')
  await nb.interrupt()
  await expect(nb.codeCell(CELL.interrupt).locator('.jp-OutputArea')).toContainText('KeyboardInterrupt')
  await nb.waitForKernelIdle()
  // The restart step before used this cell as scratch: put the file's `counter + 1` back.
  await nb.typeAndRun(CELL.afterInterrupt, 'counter + 1')
  await expect(nb.output(CELL.afterInterrupt)).toHaveText('42')
})

test('rich outputs: HTML, SVG and a PNG built with zlib; update_display replaces in place', async () => {
  await nb.runCell(CELL.rich)
  const rich = nb.codeCell(CELL.rich)
  await expect(rich.locator('table.q-test-table')).toHaveText('html cell')
  await expect(rich.locator('img[src^="data:image/svg+xml"]')).toBeVisible()
  const png = rich.locator('img[src^="data:image/png"]')
  await expect(png).toBeVisible()
  await expect(png).toHaveAttribute('width', '64')
  expect(await png.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(8)

  await nb.runCell(CELL.update)
  await expect(nb.output(CELL.update)).toHaveText(["'step 3'"])
  await rich.scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('rich-outputs.png'), fullPage: true })
})

test('magics and shell lines: %ls, !cat of repository data, and other commands explained', async () => {
  await nb.runCell(CELL.magics)
  const out = nb.codeCell(CELL.magics).locator('.jp-OutputArea')
  await expect(out).toContainText('features.ipynb')
  await expect(out).toContainText('local data line')
  await expect(out).toContainText(
    '!git status: shell commands are not available in the browser; run this repository on Binder',
  )
})

test('Tab completes from the kernel', async () => {
  const editor = nb.codeCell(CELL.afterRestart).locator('.cm-content')
  await editor.click()
  await page.keyboard.press('Control+a')
  await page.keyboard.type('import json\njson.du')
  await page.keyboard.press('Control+Enter') // runs (AttributeError), and json is now in the namespace
  await expect(nb.codeCell(CELL.afterRestart).locator('.jp-OutputArea')).toContainText('AttributeError')
  await editor.click()
  await page.keyboard.press('Control+End')
  await page.keyboard.press('Tab')
  await expect(page.locator('.jp-Completer .jp-Completer-item')).toHaveText([/dump/, /dumps/])
  await page.screenshot({ path: test.info().outputPath('completer.png') })
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(editor).toHaveText('import jsonjson.dumps')
})

test('a crashed kernel is reported as stopped, the notebook stays, and restart brings Python back', async () => {
  // A read far outside wasm memory traps: Pyodide's fatal error, as an out-of-memory abort is.
  await nb.typeAndRun(CELL.afterRestart, 'import ctypes; ctypes.string_at(0xfffffff0, 100)')
  await expect(nb.codeCell(CELL.afterRestart).locator('.jp-OutputArea')).toContainText(
    'KERNEL_DEAD: Python stopped unexpectedly',
  )
  await expect(nb.codeCell(CELL.streaming).locator('.cm-content')).toContainText("print(f'line {i}')")
  await restartKernel(page)
  await nb.waitForKernelIdle()
  await nb.typeAndRun(CELL.afterInterrupt, '6 * 7')
  await expect(nb.output(CELL.afterInterrupt)).toHaveText('42')
})
