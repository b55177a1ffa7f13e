// Live widgets: an ipywidgets-compatible slider (the fixture package miniwidgets, served by the
// local index) renders with @jupyter-widgets/controls, moving it reaches Python, Python's own
// changes reach the slider, and the widget code is a chunk loaded only when a widget appears.
//
// The tests are steps on one launched notebook (serial): one cold launch and Python boot for the file.
// Each step runs the slider cell again first, which makes a new slider and a new `seen`; the restart comes last.
import type { Page } from '@playwright/test'
import { expect, gitLaunchPath, newSharedPage, test } from './fixtures'
import { NotebookPage } from './notebookPage'

const CELL = { slider: 0, value: 1, fromPython: 2, output: 3, html: 4, foreignModule: 5 }

test.describe.configure({ mode: 'serial' })

let page: Page
let nb: NotebookPage
/** The widget manager's chunk, each time the page fetches it. */
const widgetChunks: string[] = []
/** Every request of the page, from its first load on, to another host or naming the foreign module. */
const foreign: string[] = []

test.beforeAll(async ({ browser, pypi, git }) => {
  page = await newSharedPage(browser, pypi)
  page.on('request', (r) => {
    if (/\/assets\/manager-[^/]*\.js$/.test(r.url())) widgetChunks.push(r.url())
    const url = new URL(r.url())
    // Only network requests: the kernel's isolation frame also loads blob: URLs of its own.
    if (url.protocol.startsWith('http') && (url.hostname !== '127.0.0.1' || /evil/.test(url.pathname)))
      foreign.push(r.url())
  })
  await page.goto(gitLaunchPath(git.repos['widgets-repo'].cloneUrl, 'main', 'widgets.ipynb'))
  nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
})

test.afterAll(async () => {
  await page?.context().close()
})

test('moving a slider with the keyboard changes the value Python sees', async () => {
  // Nothing of the widget manager is fetched for a notebook that has shown no widget yet.
  expect(widgetChunks).toEqual([])

  await nb.runCell(CELL.slider)
  const slider = nb.codeCell(CELL.slider).locator('.widget-slider.widget-hslider')
  await expect(slider).toBeVisible()
  await expect(slider.locator('.widget-label')).toHaveText('n')
  await expect(slider.locator('.widget-readout')).toHaveText('3')
  expect(widgetChunks).toHaveLength(1)
  await nb.codeCell(CELL.slider).screenshot({ path: `${test.info().outputDir}/slider.png` })

  // A user focuses the handle and presses → twice; the slider sends each step to the kernel.
  await slider.locator('.noUi-handle').focus()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(slider.locator('.widget-readout')).toHaveText('5')

  await nb.runCell(CELL.value)
  await expect(nb.output(CELL.value)).toHaveText('value=5 seen=[4, 5]')
})

test('a value set in Python moves the slider on the page', async () => {
  await nb.runCell(CELL.slider)
  const readout = nb.codeCell(CELL.slider).locator('.widget-readout')
  await expect(readout).toHaveText('3')
  await nb.runCell(CELL.value)
  await expect(nb.output(CELL.value)).toHaveText('value=3 seen=[]')
  await nb.runCell(CELL.fromPython)
  await expect(readout).toHaveText('8')
  await expect(nb.codeCell(CELL.slider).locator('.noUi-handle')).toHaveAttribute('aria-valuenow', '8.0')
})

test('an Output widget shows what its `with` block printed; the rest stays in the cell', async () => {
  await nb.runCell(CELL.slider) // defines `widgets`
  await nb.runCell(CELL.output)
  const cell = nb.codeCell(CELL.output)
  await expect(cell.locator('.widget-output')).toHaveText('inside the output widget')
  await expect(cell.locator('.jp-OutputArea-output').last()).toHaveText('after the block')
  await expect(cell.locator('pre', { hasText: 'inside the output widget' })).toHaveCount(1)
})

test('widget views run no notebook script: HTML widgets are sanitised, unknown modules load nothing', async () => {
  await nb.runCell(CELL.html)
  const html = nb.codeCell(CELL.html).locator('.widget-html-content')
  await expect(html.locator('b')).toHaveText('bold words')
  // The sanitiser drops the handler and the script; the widget still shows its markup.
  await expect(html.locator('img')).toHaveCount(1)
  expect(await html.locator('img').getAttribute('onerror')).toBeNull()
  await expect(html.locator('script')).toHaveCount(0)

  // A model from a module Quire does not bundle shows an error and fetches no code for it.
  await nb.runCell(CELL.foreignModule)
  const broken = nb.codeCell(CELL.foreignModule).locator('.jp-OutputArea')
  await expect(broken).toContainText('Click to show javascript error.')
  await broken.getByText('Click to show javascript error.').click()
  await expect(broken).toContainText('No version of module evil-widgets is registered')
  expect(await page.evaluate(() => Reflect.get(window, 'widgetScriptRan'))).toBeUndefined()
  expect(foreign).toEqual([])
})

test('after a kernel restart, a re-run cell shows a working slider again', async () => {
  await nb.runCell(CELL.slider)
  await expect(nb.codeCell(CELL.slider).locator('.widget-readout')).toHaveText('3')
  await page.locator('[data-jp-item-name="restart"] jp-button, [data-jp-item-name="restart"] button').first().click()
  await page.locator('.jp-Dialog').getByRole('button', { name: 'Confirm Kernel Restart' }).click()
  await nb.waitForKernelIdle()
  await nb.runCell(CELL.slider)
  const slider = nb.codeCell(CELL.slider).locator('.widget-slider')
  await expect(slider.locator('.widget-readout')).toHaveText('3')
  await slider.locator('.noUi-handle').focus()
  await page.keyboard.press('ArrowLeft')
  await expect(slider.locator('.widget-readout')).toHaveText('2')
  await nb.runCell(CELL.value)
  await expect(nb.output(CELL.value)).toHaveText('value=2 seen=[2]')
})
