import { expect, gitLaunchPath, test } from './fixtures'
import { WorkspacePage } from './workspacePage'

const SHOTS = process.env.QUIRE_E2E_RESULTS ?? 'test-results'

test('History brings a deleted folder back at once, every file at its last version', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb'))
  const ws = new WorkspacePage(page)
  // Rows stop moving under the pointer once the "Starting Python" strip is gone.
  await ws.waitForKernelIdle()
  const folder = (p: string) => ws.panel.locator(`.q-folder[data-path="${p}"]`)

  // Two files in a new folder, one of them in a folder inside it.
  for (const [name, text] of [
    ['notes/todo.txt', 'buy milk'],
    ['notes/old/ideas.txt', 'a better plot'],
  ]) {
    await ws.panel.getByRole('button', { name: 'New', exact: true }).click()
    await page.getByLabel('New file name').fill(name)
    await page.getByLabel('New file name').press('Enter')
    await expect(ws.tab(name.split('/').pop() ?? name)).toHaveClass(/lm-mod-current/)
    await ws.current.locator('.cm-content').click()
    await page.keyboard.insertText(text)
    await expect.poll(() => ws.storedEdit(name).then((r) => r?.content)).toBe(text)
  }

  await folder('notes').hover()
  await folder('notes').getByRole('button', { name: 'Delete', exact: true }).click()
  await folder('notes').getByRole('button', { name: 'Delete notes' }).click()
  await expect(folder('notes')).toHaveCount(0)
  await expect(ws.row('notes/todo.txt')).toHaveCount(0)

  await ws.panel.getByRole('button', { name: 'History' }).click()
  const history = page.getByRole('dialog', { name: 'History' })
  await expect(history.locator('.q-history-folder')).toHaveText([/^notes\/\s*deleted\s*Restore folder$/])
  await page.screenshot({ path: `${SHOTS}/history-folder.png` })
  await history.getByRole('button', { name: 'Restore the folder notes' }).click()
  await expect(history.getByRole('status')).toHaveText('Restored notes/ (2 files).')
  await expect(history.locator('.q-history-folder')).toHaveCount(0)
  await history.getByRole('button', { name: 'Close' }).click()
  await expect(ws.row('notes/todo.txt')).toHaveAttribute('data-status', 'added')
  await expect(ws.row('notes/old/ideas.txt')).toHaveAttribute('data-status', 'added')
  await expect.poll(() => ws.storedEdit('notes/old/ideas.txt').then((r) => r?.content)).toBe('a better plot')
  await page.reload()
  await expect(ws.row('notes/todo.txt')).toHaveAttribute('data-status', 'added')
})
