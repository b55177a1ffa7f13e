import { readFileSync } from 'node:fs'
import { unzipSync } from 'fflate'
import type { Page } from '@playwright/test'
import { expect, gitLaunchPath, newSharedPage, test } from './fixtures'
import { WorkspacePage } from './workspacePage'

const SHOTS = process.env.QUIRE_E2E_RESULTS ?? 'test-results'

test.describe('one launched workspace: viewing files, a second notebook, a jupytext notebook', () => {
  // Serial steps on one page: one launch and Python boot for the three. None of them changes what the next
  // reads: viewing only opens tabs, running cells is not an edit, and only survey.md is edited, last.
  test.describe.configure({ mode: 'serial' })
  let page: Page
  let ws: WorkspacePage

  test.beforeAll(async ({ browser, pypi, git }) => {
    page = await newSharedPage(browser, pypi)
    await page.goto(gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb'))
    ws = new WorkspacePage(page)
  })

  test.afterAll(async () => {
    await page?.context().close()
  })

  test('the file panel opens markdown rendered, text in the editor, CSV as a table and images', async () => {
    await expect(ws.panel.locator('.q-file')).toHaveCount(8)
    await expect(ws.panel.locator('.q-file-name')).toHaveText([
      'analysis.ipynb',
      'claims-trust.ipynb',
      'data.csv',
      'helper.py',
      'logo.png',
      'README.md',
      'second.ipynb',
      'survey.md',
    ])

    await ws.open('README.md')
    await expect(ws.current.locator('.jp-MarkdownViewer h1')).toContainText('Survey workspace')
    await expect(ws.current.locator('.jp-MarkdownViewer strong')).toHaveText('data')
    await ws.open('helper.py')
    await expect(ws.current.locator('.jp-FileEditor .cm-content')).toContainText('def greet(who):')
    await ws.open('data.csv')
    await expect(ws.current.locator('.jp-CSVViewer .lm-DataGrid')).toBeVisible()
    await page.screenshot({ path: `${SHOTS}/files-csv.png` })
    await ws.open('logo.png')
    const img = ws.current.locator('.jp-ImageViewer img')
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(24)
    await expect(page.locator('.quire-Tabs .lm-TabBar-tab')).toHaveCount(5)
    await page.screenshot({ path: `${SHOTS}/files-image.png` })

    // The launch notebook's tab is still there, and shows again with its cells.
    await ws.tab('analysis.ipynb').click()
    await expect(ws.codeCell(0)).toContainText('data.csv')
  })

  test("a second notebook opens in a tab and shares the first notebook's kernel", async () => {
    await ws.waitForKernelIdle()
    await ws.runCell(0)
    await expect(ws.codeCell(0).locator('.jp-OutputArea-output')).toHaveText('3 rows')
    // Running cells (new outputs, kernel metadata) is not an edit of the notebook.
    await expect(ws.row('analysis.ipynb')).toHaveAttribute('data-status', 'unchanged')

    await ws.open('second.ipynb')
    await expect(ws.tab('second.ipynb')).toHaveClass(/lm-mod-current/)
    await ws.waitForKernelIdle()
    // `rows` was defined by the other notebook: one Python for the whole repository.
    await ws.runCell(1)
    await expect(ws.codeCell(1).locator('.jp-OutputArea-output')).toHaveText('Ada,yes,9')
    await page.screenshot({ path: `${SHOTS}/files-tabs.png` })
  })

  test('a jupytext markdown notebook opens as a notebook, runs, and saves back as markdown', async () => {
    await ws.open('survey.md')
    await expect(ws.tab('survey.md')).toHaveClass(/lm-mod-current/)
    await expect(ws.current.locator('.jp-MarkdownCell h1')).toContainText('Survey, as a text notebook')
    await ws.waitForKernelIdle()
    // Ctrl+Enter runs in place: Shift+Enter on the last cell would add a cell, a real edit.
    await ws.codeCell(0).locator('.cm-content').click()
    await page.keyboard.press('Control+Enter')
    await expect(ws.codeCell(0).locator('.jp-OutputArea-output')).toHaveText('2 said yes')
    // Running is not editing: the file is left as it is.
    await expect(ws.row('survey.md')).toHaveAttribute('data-status', 'unchanged')

    await ws.codeCell(0).locator('.cm-content').click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type('\nlen(answers)')
    await expect
      .poll(() => ws.storedEdit('survey.md').then((r) => r?.content ?? ''))
      .toContain('said yes")\nlen(answers)\n```')
    const saved = (await ws.storedEdit('survey.md'))?.content ?? ''
    expect(saved.startsWith('---\njupyter:\n  jupytext:')).toBe(true)
    await expect(ws.row('survey.md')).toHaveAttribute('data-status', 'modified')
    await page.screenshot({ path: `${SHOTS}/files-jupytext.png` })
  })
})

test('create, rename, delete and upload files; they survive a reload and reach the kernel at restart', async ({
  page,
  git,
}) => {
  await page.goto(gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  const ws = new WorkspacePage(page)
  await ws.waitForKernelIdle()

  await ws.panel.getByRole('button', { name: 'New' }).click()
  await page.getByLabel('New file name').fill('notes.txt')
  await page.getByLabel('New file name').press('Enter')
  await expect(ws.tab('notes.txt')).toHaveClass(/lm-mod-current/)
  await ws.current.locator('.cm-content').click()
  await page.keyboard.type('remember the milk')
  await expect.poll(() => ws.storedEdit('notes.txt').then((r) => r?.content)).toBe('remember the milk')
  await expect(ws.row('notes.txt')).toHaveAttribute('data-status', 'added')

  await ws.rowAction('notes.txt', 'Rename')
  await page.getByLabel('New name for notes.txt').fill('docs/notes.txt')
  await page.getByLabel('New name for notes.txt').press('Enter')
  await expect(ws.row('docs/notes.txt')).toBeVisible()
  await expect(ws.row('notes.txt')).toHaveCount(0)
  // The open editor followed the file to its new name.
  await expect(ws.tab('notes.txt')).toHaveAttribute('title', /docs\/notes\.txt/)

  await ws.rowAction('data.csv', 'Delete')
  await ws.row('data.csv').getByRole('button', { name: 'Delete data.csv' }).click()
  await expect(ws.row('data.csv')).toHaveAttribute('data-status', 'deleted')

  await ws.panel
    .locator('input[type=file]')
    .setInputFiles({ name: 'upload.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 255]) })
  await expect(ws.row('upload.bin')).toHaveAttribute('data-status', 'added')
  await page.screenshot({ path: `${SHOTS}/files-panel.png` })

  await page.reload()
  await expect(ws.row('docs/notes.txt')).toHaveAttribute('data-status', 'added')
  await expect(ws.row('data.csv')).toHaveAttribute('data-status', 'deleted')
  await expect(ws.row('upload.bin')).toBeVisible()
  await ws.waitForKernelIdle()
  await ws.runCell(2)
  const listing = ws.codeCell(2).locator('.jp-OutputArea-output')
  await expect(listing).toContainText("'docs'")
  await expect(listing).toContainText("'upload.bin'")
  await expect(listing).not.toContainText("'data.csv'")
})

test("edits are marked, exported as a zip, reverted to the repository's version, and kept across a kernel restart", async ({
  page,
  git,
}) => {
  await page.goto(gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  const ws = new WorkspacePage(page)
  await ws.waitForKernelIdle()
  await ws.codeCell(1).locator('.cm-content').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type('\nprint("edited")')
  await expect(ws.row('analysis.ipynb')).toHaveAttribute('data-status', 'modified')
  await expect(ws.row('analysis.ipynb').locator('.q-file-mark')).toHaveText('edited')

  // A restart leaves the notebook and its edits as they are, and the edited cell runs.
  await ws.restartKernel()
  await ws.waitForKernelIdle()
  await expect(ws.codeCell(1)).toContainText('print("edited")')
  await ws.runCell(1)
  await expect(ws.codeCell(1).locator('.jp-OutputArea-output')).toContainText('edited')

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    ws.panel.getByRole('button', { name: 'Export' }).click(),
  ])
  expect(download.suggestedFilename()).toBe('workspace-repo-changes.zip')
  const zip = unzipSync(readFileSync(await download.path()))
  expect(Object.keys(zip)).toEqual(['workspace-repo/analysis.ipynb'])
  expect(new TextDecoder().decode(zip['workspace-repo/analysis.ipynb'])).toContain('print(\\"edited\\")')

  await ws.rowAction('analysis.ipynb', 'Revert')
  await expect(ws.row('analysis.ipynb')).toHaveAttribute('data-status', 'unchanged')
  await expect(ws.codeCell(1)).not.toContainText('print("edited")')
  await expect.poll(() => ws.storedEdit('analysis.ipynb')).toBeNull()
  await page.reload()
  await expect(ws.codeCell(1)).toContainText('helper.greet')
  await expect(ws.codeCell(1)).not.toContainText('print("edited")')
  await expect(ws.row('analysis.ipynb')).toHaveAttribute('data-status', 'unchanged')
})

test('files saved or deleted while the kernel runs reach its working directory without a restart', async ({
  page,
  git,
}) => {
  await page.goto(gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  const ws = new WorkspacePage(page)
  await ws.waitForKernelIdle()
  await ws.panel.getByRole('button', { name: 'New' }).click()
  await page.getByLabel('New file name').fill('fresh.txt')
  await page.getByLabel('New file name').press('Enter')
  // The new file opens in a tab of its own; type only once it is the one shown.
  await expect(ws.tab('fresh.txt')).toHaveClass(/lm-mod-current/)
  await ws.current.locator('.cm-content').click()
  await page.keyboard.type('hot off the press')
  await expect.poll(() => ws.storedEdit('fresh.txt').then((r) => r?.content)).toBe('hot off the press')
  await ws.rowAction('helper.py', 'Delete')
  await ws.row('helper.py').getByRole('button', { name: 'Delete helper.py' }).click()

  await ws.tab('analysis.ipynb').click()
  const listing = ws.codeCell(2).locator('.jp-OutputArea-output')
  // The files travel to Python about half a second after each change, so list until they arrive.
  await expect(async () => {
    await ws.waitForKernelIdle()
    await ws.runCell(2)
    await expect(listing).toContainText("'fresh.txt'", { timeout: 2_000 })
    await expect(listing).not.toContainText("'helper.py'", { timeout: 2_000 })
  }).toPass({ timeout: 30_000 })
})
