// Issue 10's output limits: a cell that prints without end, or prints 200 MB, leaves the page
// responsive; the shown output is cut with a notice that opens or saves all of it, and the
// endless cell stops on interrupt with the kernel still usable.
import type { Page } from '@playwright/test'
import { expect, fixtureDir, gitLaunchPath, newSharedPage, test } from './fixtures'
import { NotebookPage } from './notebookPage'

const CELL = { endless: 0, after: 1, huge: 2 }
const SHOTS = process.env.QUIRE_SHOTS

/** How long the page takes to answer: a frozen main thread answers late or not at all. */
async function answerMs(page: Page): Promise<number> {
  const t0 = Date.now()
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)))
  return Date.now() - t0
}

test('`while True: print(...)` keeps the page usable, is cut with a notice, and stops on interrupt', async ({
  page,
  git,
}) => {
  const { cloneUrl } = await git.addRepo('endless-output', fixtureDir('repos', 'endless-output'))
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'endless.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(CELL.endless)
  const notice = nb.codeCell(CELL.endless).locator('.q-truncated-output')
  await expect(notice).toContainText(/Output cut to keep the page responsive: [\d.]+ MB printed/, { timeout: 60_000 })
  for (let i = 0; i < 3; i++) {
    expect(await answerMs(page)).toBeLessThan(1500)
    await page.waitForTimeout(1000)
  }
  if (SHOTS) {
    await notice.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/endless.png` })
  }
  await nb.interrupt()
  await expect(nb.codeCell(CELL.endless).locator('.jp-OutputArea')).toContainText('KeyboardInterrupt', {
    timeout: 15_000,
  })
  await nb.waitForKernelIdle()
  await nb.runCell(CELL.after)
  await expect(nb.output(CELL.after)).toHaveText('after True')

  // "Save all" downloads everything printed, from the first line.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    notice.getByRole('button', { name: 'Save all' }).click(),
  ])
  const text = await new Promise<string>((ok, fail) => {
    const chunks: Buffer[] = []
    download.createReadStream().then(
      (s) =>
        s
          .on('data', (c: Buffer) => chunks.push(c))
          .on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
          .on('error', fail),
      fail,
    )
  })
  expect(text.startsWith('line 0\nline 1\n')).toBe(true)
  expect(text.length).toBeGreaterThan(1 << 20)
})

test.describe('one launched notebook, in order: interleaved streams, 200 MB, then past the budget', () => {
  // Serial steps on one page: one launch and Python boot, and the 200 MB printed once. The last step
  // needs exactly what the one before leaves: 200 MB kept, then an endless cell.
  test.describe.configure({ mode: 'serial' })
  let page: Page
  let nb: NotebookPage

  test.beforeAll(async ({ browser, pypi, git }) => {
    page = await newSharedPage(browser, pypi)
    const { cloneUrl } = await git.addRepo('shared-output', fixtureDir('repos', 'endless-output'))
    await page.goto(gitLaunchPath(cloneUrl, 'main', 'endless.ipynb'))
    nb = new NotebookPage(page)
    await nb.waitForKernelIdle()
  })

  test.afterAll(async () => {
    await page?.context().close()
  })

  test('lines printed alternately to stdout and stderr show in the order printed', async () => {
    // All within one batching window (50 ms): the kernel must not send all of stdout first.
    await nb.typeAndRun(CELL.after, "import sys\nfor i in range(4): print('out', i); print('err', i, file=sys.stderr)")
    // JupyterLab merges consecutive text of one stream into one output area, so the order shows as
    // alternating areas, stderr ones marked with their own mime type.
    const areas = nb.output(CELL.after)
    await expect(areas).toHaveCount(8)
    const seen = await areas.evaluateAll((els) =>
      els.map(
        (el) => `${el.getAttribute('data-mime-type')?.endsWith('stderr') ? 'err' : 'out'}|${el.textContent?.trim()}`,
      ),
    )
    expect(seen).toEqual([0, 1, 2, 3].flatMap((i) => [`out|out ${i}`, `err|err ${i}`]))
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/interleaved.png` })
  })

  test('a cell printing 200 MB finishes, shows the first part with the notice, and the page answers', async () => {
    await nb.runCell(CELL.huge)
    const notice = nb.codeCell(CELL.huge).locator('.q-truncated-output')
    // All of it printed ('done' comes last), and all of it kept for saving.
    await expect(notice).toContainText(/200\.0 MB printed\./, { timeout: 90_000 })
    await nb.waitForKernelIdle()
    expect(await answerMs(page)).toBeLessThan(1500)
    // The view holds about 1 MB of text, not 200.
    const shown = await nb
      .codeCell(CELL.huge)
      .locator('.jp-OutputArea')
      .evaluate((el) => el.textContent?.length ?? 0)
    expect(shown).toBeLessThan(2 << 20)
  })

  test('past the page-wide budget the oldest cut output is dropped and its notice says to re-run', async () => {
    // 200 MB kept (the step before), then an endless cell: past 256 MB together the older text makes room.
    const hugeNotice = nb.codeCell(CELL.huge).locator('.q-truncated-output')
    await expect(hugeNotice).toContainText(/200\.0 MB printed\./)
    await nb.runCell(CELL.endless)
    await expect(hugeNotice).toContainText('Its full text is no longer kept', { timeout: 90_000 })
    await expect(hugeNotice.getByRole('button')).toHaveCount(0)
    // The newer output is whole and still offered.
    await expect(
      nb.codeCell(CELL.endless).locator('.q-truncated-output').getByRole('button', { name: 'Save all' }),
    ).toBeVisible()
    if (SHOTS) {
      await hugeNotice.scrollIntoViewIfNeeded()
      await page.screenshot({ path: `${SHOTS}/dropped.png` })
    }
    await nb.interrupt()
    await nb.waitForKernelIdle()
  })
})
