import { expect, gitLaunchPath, test } from './fixtures'
import { WorkspacePage } from './workspacePage'

const SHOTS = process.env.QUIRE_E2E_RESULTS ?? 'test-results'

test('History brings back a version a revert replaced, and a file that was deleted', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  const ws = new WorkspacePage(page)
  await expect(ws.codeCell(0)).toBeVisible()

  // A version of helper.py, then a revert to the repository's: the version is kept.
  await ws.open('helper.py')
  await ws.current.locator('.cm-content').click()
  await page.keyboard.press('ControlOrMeta+End')
  // One input event, so one save: the history holds the versions each save replaced.
  await page.keyboard.insertText('\n# my version one\n')
  await expect.poll(() => ws.storedEdit('helper.py').then((r) => r?.content)).toContain('# my version one')
  await ws.rowAction('helper.py', 'Revert')
  await expect(ws.row('helper.py')).not.toHaveAttribute('data-status', 'modified')
  await expect(ws.current.locator('.cm-content')).not.toContainText('# my version one')

  // A new file, deleted: an added file leaves no row, only its history.
  await ws.panel.getByRole('button', { name: 'New', exact: true }).click()
  await page.getByLabel('New file name').fill('notes.txt')
  await page.getByLabel('New file name').press('Enter')
  await expect(ws.tab('notes.txt')).toHaveClass(/lm-mod-current/)
  await ws.current.locator('.cm-content').click()
  await page.keyboard.insertText('remember the milk')
  await expect.poll(() => ws.storedEdit('notes.txt').then((r) => r?.content)).toBe('remember the milk')
  await ws.rowAction('notes.txt', 'Delete')
  await ws.row('notes.txt').getByRole('button', { name: 'Delete notes.txt' }).click()
  await expect(ws.row('notes.txt')).toHaveCount(0)

  await ws.panel.getByRole('button', { name: 'History' }).click()
  const history = page.getByRole('dialog', { name: 'History' })
  const files = history.getByRole('list', { name: 'Files with earlier versions' })
  await expect(files.getByRole('button')).toHaveText([/^helper\.py\s*1$/, /^notes\.txt\s*deleted\s*1$/])
  const versions = history.locator('.q-history-version')
  await expect(versions).toHaveCount(1)
  // The comment (the blank line typed before it matches one the file has: lines are compared as multisets).
  await expect(versions.first()).toContainText('+1 −0 lines against now')
  await page.screenshot({ path: `${SHOTS}/history-view.png` })

  await versions
    .first()
    .getByRole('button', { name: /Restore the version of/ })
    .click()
  await expect(history.getByRole('status')).toHaveText('Restored helper.py.')
  await expect(ws.row('helper.py')).toHaveAttribute('data-status', 'modified')
  await expect.poll(() => ws.storedEdit('helper.py').then((r) => r?.content)).toContain('# my version one')

  await files.getByRole('button', { name: /notes\.txt/ }).click()
  await expect(versions).toHaveCount(1)
  await versions
    .first()
    .getByRole('button', { name: /Restore the version of/ })
    .click()
  await expect(history.getByRole('status')).toHaveText('Restored notes.txt.')
  await history.getByRole('button', { name: 'Close' }).click()
  await expect(ws.row('notes.txt')).toHaveAttribute('data-status', 'added')
  await expect.poll(() => ws.storedEdit('notes.txt').then((r) => r?.content)).toBe('remember the milk')
  // The restore kept what it replaced (helper.py's repository version was no record: nothing to keep).
  await page.reload()
  await expect(ws.row('notes.txt')).toHaveAttribute('data-status', 'added')
})
