// Keystrokes typed just before the page goes are kept: autosave waits 0.7 s, and a save started as the page
// goes does not land in Chromium (its IndexedDB transactions end with the document), so the page keeps
// them in localStorage and the next launch stores them (src/session/rescue.ts). Before that, an edit typed
// and followed at once by another link was lost every time.
import { expect, gitLaunchPath, test } from './fixtures'
import { WorkspacePage } from './workspacePage'

test('typed, then another link at once: the edit is kept and stored when the repository opens again', async ({
  page,
  git,
}) => {
  const url = gitLaunchPath(git.repos['workspace-repo'].cloneUrl, 'main', 'analysis.ipynb')
  await page.goto(url)
  const a = new WorkspacePage(page)
  await expect(a.codeCell(0)).toBeVisible()
  await a.typeAtEnd(0, '  # typed just before leaving')
  // Within autosave's delay: the page goes before its save.
  await page.goto('/storage')
  await page.goto(url)
  const b = new WorkspacePage(page)
  await expect(b.codeCell(0)).toContainText('# typed just before leaving')
  // Stored in the overlay (not only shown), and no longer kept aside.
  await expect.poll(() => b.storedEdit('analysis.ipynb').then((r) => r?.content)).toContain('# typed just before')
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('quire:rescue:')))).toEqual([])
})
