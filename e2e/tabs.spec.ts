import { expect, gitLaunchPath, test } from './fixtures'
import { openTab, WorkspacePage } from './workspacePage'

// Two or three tabs of one repository in one browser context: they share IndexedDB, Web Locks and
// BroadcastChannel, as tabs of one browser profile do.

const SHOTS = process.env.QUIRE_E2E_RESULTS ?? 'test-results'

/** Types at the end of a code cell's source, as a user who clicked into it would. */
/** The cells' sources of a notebook as stored in the overlay. */
async function storedSources(ws: WorkspacePage, path: string): Promise<string[] | undefined> {
  const rec = await ws.storedEdit(path)
  if (!rec?.content) return undefined
  const nb = JSON.parse(rec.content) as { cells: Array<{ source: string | string[] }> }
  return nb.cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source))
}

const cellText = (ws: WorkspacePage, n: number) => ws.codeCell(n).locator('.cm-content')

test('one notebook in three tabs stays one document: different cells merge, one cell converges', async ({
  page,
  git,
}) => {
  const url = gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb')
  await page.goto(url)
  const a = new WorkspacePage(page)
  await expect(a.codeCell(0)).toBeVisible()
  const b = await openTab(page.context(), url)

  // Different cells, one in each tab, without waiting in between.
  await a.typeAtEnd(0, '  # from A')
  await b.typeAtEnd(1, '  # from B')
  for (const ws of [a, b]) {
    await expect(cellText(ws, 0)).toContainText('# from A')
    await expect(cellText(ws, 1)).toContainText('# from B')
  }
  // The same cell, from both: both words end in it, in the same order in both tabs.
  await a.typeAtEnd(2, ' # A2')
  await b.typeAtEnd(2, ' # B2')
  for (const ws of [a, b]) {
    await expect(cellText(ws, 2)).toContainText('# A2')
    await expect(cellText(ws, 2)).toContainText('# B2')
  }
  await expect.poll(async () => cellText(a, 2).textContent()).toBe(await cellText(b, 2).textContent())

  // A third tab opened now gets the live document (no doubled cells), and its edit reaches both.
  const c = await openTab(page.context(), url)
  await expect(c.current.locator('.jp-Notebook .jp-Cell')).toHaveCount(4)
  await expect(cellText(c, 1)).toContainText('# from B')
  await c.typeAtEnd(1, '  # from C')
  for (const ws of [a, b]) await expect(cellText(ws, 1)).toContainText('# from C')
  await expect(a.row('analysis.ipynb')).toHaveAttribute('data-status', 'modified')
  await expect(b.row('analysis.ipynb')).toHaveAttribute('data-status', 'modified')
  await page.screenshot({ path: `${SHOTS}/tabs-merged.png` })

  // Everything is in the overlay whichever tab saved last; a fresh tab after all closed shows it.
  await expect
    .poll(() => storedSources(c, 'analysis.ipynb'))
    .toEqual([
      '# Survey',
      expect.stringContaining('# from A'),
      expect.stringMatching(/# from B[^]*# from C/),
      expect.stringMatching(/os\.listdir[^]*(# A2[^]*# B2|# B2[^]*# A2)/),
    ])
  for (const ws of [b, c]) await ws.page.close()
  await page.reload()
  await expect(cellText(a, 0)).toContainText('# from A')
  await expect(cellText(a, 1)).toContainText('# from B')
  await expect(cellText(a, 1)).toContainText('# from C')
  await expect(a.current.locator('.jp-Notebook .jp-Cell')).toHaveCount(4)
})

test('two notebooks edited in two tabs both keep their edits, and each file panel shows both', async ({
  page,
  git,
}) => {
  const cloneUrl = git.repos['workspace-repo'].cloneUrl
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'analysis.ipynb'))
  const a = new WorkspacePage(page)
  await expect(a.codeCell(0)).toBeVisible()
  const b = await openTab(page.context(), gitLaunchPath(cloneUrl, 'main', 'second.ipynb'))
  await a.typeAtEnd(0, '  # first notebook')
  await b.typeAtEnd(0, '  # second notebook')
  for (const ws of [a, b]) {
    await expect(ws.row('analysis.ipynb')).toHaveAttribute('data-status', 'modified')
    await expect(ws.row('second.ipynb')).toHaveAttribute('data-status', 'modified')
  }
  await expect.poll(() => storedSources(a, 'analysis.ipynb').then((s) => s?.[1])).toContain('# first notebook')
  await expect.poll(() => storedSources(a, 'second.ipynb').then((s) => s?.[0])).toContain('# second notebook')
  // Tab A opens the notebook B edited: it shows B's edit, and typing there reaches B at once.
  await a.open('second.ipynb')
  await expect(cellText(a, 0)).toContainText('# second notebook')
  await a.typeAtEnd(1, '  # A in second')
  await expect(cellText(b, 1)).toContainText('# A in second')
})

test('a file deleted in one tab while edited in the other: the editing tab is asked and keeps its copy', async ({
  page,
  git,
}) => {
  const url = gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb')
  await page.goto(url)
  const a = new WorkspacePage(page)
  await expect(a.codeCell(0)).toBeVisible()
  const b = await openTab(page.context(), url)
  await b.open('helper.py')
  await b.current.locator('.cm-content').click()
  await b.page.keyboard.press('ControlOrMeta+End')
  await b.page.keyboard.type('\n# kept by B\n')
  await expect(a.row('helper.py')).toHaveAttribute('data-status', 'modified')

  await a.rowAction('helper.py', 'Delete')
  await a.row('helper.py').getByRole('button', { name: 'Delete helper.py' }).click()
  await expect(a.row('helper.py')).toHaveAttribute('data-status', 'deleted')

  const dialog = b.page.locator('.jp-Dialog')
  await expect(dialog).toContainText('helper.py was deleted in another tab')
  await dialog.getByRole('button', { name: 'Keep my copy' }).click()
  await expect.poll(() => a.storedEdit('helper.py').then((r) => r?.content)).toContain('# kept by B')
  await expect(a.row('helper.py')).toHaveAttribute('data-status', 'modified')
  await expect(b.row('helper.py')).toHaveAttribute('data-status', 'modified')
})

test('a file the kernel writes in one tab shows in the other tab and reaches its kernel', async ({ page, git }) => {
  const url = gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb')
  await page.goto(url)
  const a = new WorkspacePage(page)
  await a.waitForKernelIdle()
  const b = await openTab(page.context(), url)
  await b.waitForKernelIdle()
  // A new cell in A: the notebook is shared, so B gets the cell too.
  await a.codeCell(2).locator('.cm-content').click()
  await a.page.keyboard.press('Escape')
  await a.page.keyboard.press('b')
  await expect(a.current.locator('.jp-Notebook .jp-CodeCell')).toHaveCount(4)
  await a.codeCell(3).locator('.cm-content').click()
  await a.page.keyboard.type('open("from_kernel.txt", "w").write("written by A")')
  await a.page.keyboard.press('Control+Enter')
  await expect(b.row('from_kernel.txt')).toHaveAttribute('data-status', 'added')
  await expect.poll(() => b.storedEdit('from_kernel.txt').then((r) => r?.content)).toBe('written by A')
  // B's own kernel has the file in its working directory.
  await expect(b.current.locator('.jp-Notebook .jp-CodeCell')).toHaveCount(4)
  await b.codeCell(3).locator('.cm-content').click()
  await b.page.keyboard.press('ControlOrMeta+a')
  await b.page.keyboard.type('print(open("from_kernel.txt").read())')
  await b.page.keyboard.press('Control+Enter')
  await expect(b.codeCell(3).locator('.jp-OutputArea-output')).toContainText('written by A')
})

test('a tab closed right after typing: the edit is kept and the other tab has it', async ({ page, git }) => {
  const url = gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb')
  const b = await openTab(page.context(), url)
  await page.goto(url)
  const a = new WorkspacePage(page)
  await expect(a.codeCell(0)).toBeVisible()
  await a.typeAtEnd(0, '  # typed just before closing')
  // Closed within the autosave delay, while its save is under way.
  await page.close({ runBeforeUnload: true })
  await expect(cellText(b, 0)).toContainText('# typed just before closing')
  await expect
    .poll(() => storedSources(b, 'analysis.ipynb').then((s) => s?.[1]))
    .toContain('# typed just before closing')
  const c = await openTab(b.page.context(), url)
  await expect(cellText(c, 0)).toContainText('# typed just before closing')
  await expect(c.current.locator('.jp-Notebook .jp-Cell')).toHaveCount(4)
})

test('a file renamed in one tab while open in the other: the other tab follows it, its unsaved edit kept', async ({
  page,
  git,
}) => {
  const url = gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb')
  await page.goto(url)
  const a = new WorkspacePage(page)
  await expect(a.codeCell(0)).toBeVisible()
  const b = await openTab(page.context(), url)
  await b.open('helper.py')
  await b.current.locator('.cm-content').click()
  await b.page.keyboard.press('ControlOrMeta+End')
  await b.page.keyboard.insertText('\n# saved in B\n')
  await expect.poll(() => a.storedEdit('helper.py').then((r) => r?.content)).toContain('# saved in B')

  await a.rowAction('helper.py', 'Rename')
  await page.getByLabel('New name for helper.py').fill('lib/tools.py')
  await page.getByLabel('New name for helper.py').press('Enter')
  await expect(a.row('lib/tools.py')).toBeVisible()

  // B's editor moved with the file: no "deleted" question, the same document under the new name.
  await expect(b.tab('tools.py')).toHaveAttribute('title', /lib\/tools\.py/)
  await expect(b.row('lib/tools.py')).toHaveAttribute('data-status', 'added')
  await expect(b.page.locator('.jp-Dialog')).toHaveCount(0)
  await expect(b.current.locator('.cm-content')).toContainText('# saved in B')
  await b.current.locator('.cm-content').click()
  await b.page.keyboard.press('ControlOrMeta+End')
  await b.page.keyboard.insertText('# typed after the rename\n')
  await expect
    .poll(() => a.storedEdit('lib/tools.py').then((r) => r?.content))
    .toMatch(/def greet[^]*# saved in B[^]*# typed after the rename/)
  expect(await a.storedEdit('helper.py')).toMatchObject({ deleted: true })
  await expect(b.page.locator('.jp-Dialog')).toHaveCount(0)
})
