import { expect, gitLaunchPath, test } from './fixtures'
import { NotebookPage } from './notebookPage'

test('%pip install in a cell resolves from the configured index and the package imports', async ({ page, git }) => {
  // two-notebooks has no requirements: greetings and its dependency come only from %pip.
  await page.goto(gitLaunchPath(git.repos['two-notebooks'].cloneUrl, 'main', 'a.ipynb'))
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  const editor = nb.codeCell(0).locator('.cm-content')
  await editor.click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('%pip install greetings\n')
  await page.keyboard.type("import greetings\nprint(greetings.roster(['Ada']))")
  await page.keyboard.press('Shift+Enter')
  await expect(nb.output(0).first()).toContainText('Successfully installed')
  await expect(nb.codeCell(0)).toContainText('greetings-0.3.0')
  await expect(nb.codeCell(0)).toContainText('tinytable-1.2.0')
  await expect(nb.codeCell(0).locator('.jp-OutputArea')).toContainText('Hello, Ada!')
})
