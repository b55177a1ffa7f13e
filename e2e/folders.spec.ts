import { readFileSync } from 'node:fs'
import { unzipSync } from 'fflate'
import { expect, gitLaunchPath, test } from './fixtures'
import { WorkspacePage } from './workspacePage'

const SHOTS = process.env.QUIRE_E2E_RESULTS ?? 'test-results'

test('folders: made, filled, folded, renamed and deleted; an empty one survives a reload', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['notebook-ui'].cloneUrl, 'main', 'math.ipynb'))
  const ws = new WorkspacePage(page)
  const folder = (p: string) => ws.panel.locator(`.q-folder[data-path="${p}"]`)
  // A tree: the folder first, its file inside it by name.
  await expect(ws.panel.locator('.q-file .q-file-name')).toHaveText(
    ['▸data/', 'points.csv', 'math.ipynb', 'notes.md', 'README.md'].map((t) => t.replace('▸', '▾')),
  )
  await folder('data').locator('.q-file-name').click()
  await expect(ws.row('data/points.csv')).toHaveCount(0)
  await folder('data').locator('.q-file-name').click()
  await expect(ws.row('data/points.csv')).toBeVisible()

  await ws.panel.getByRole('button', { name: 'Folder' }).click()
  await page.getByLabel('New folder name').fill('results')
  await page.getByLabel('New folder name').press('Enter')
  await expect(folder('results')).toBeVisible()
  await expect.poll(() => ws.storedEdit('results/')).not.toBeNull()
  await page.reload()
  await expect(folder('results')).toBeVisible()
  // The "Starting Python" strip above the panel goes when the kernel is up; rows then stop moving
  // under the pointer that hovers them.
  await ws.waitForKernelIdle()

  await folder('results').hover()
  await folder('results').getByRole('button', { name: 'New file here' }).click()
  await expect(page.getByLabel('New file name')).toHaveValue('results/')
  await page.getByLabel('New file name').press('End')
  await page.keyboard.type('summary.txt')
  await page.getByLabel('New file name').press('Enter')
  await expect(ws.tab('summary.txt')).toBeVisible()
  await expect(ws.row('results/summary.txt').locator('.q-file-name')).toHaveText('summary.txt')
  await page.screenshot({ path: `${SHOTS}/folders.png` })

  await folder('results').hover()
  await folder('results').getByRole('button', { name: 'Rename' }).click()
  await page.getByLabel('New name for results').fill('reports')
  await page.getByLabel('New name for results').press('Enter')
  await expect(ws.row('reports/summary.txt')).toBeVisible()
  await expect(folder('results')).toHaveCount(0)
  // The open editor followed its file into the renamed folder.
  await expect(ws.tab('summary.txt')).toHaveAttribute('title', /reports\/summary\.txt/)

  await folder('reports').hover()
  await folder('reports').getByRole('button', { name: 'Delete', exact: true }).click()
  await folder('reports').getByRole('button', { name: 'Delete reports' }).click()
  await expect(folder('reports')).toHaveCount(0)
  await expect(ws.tab('summary.txt')).toHaveCount(0)
  await page.reload()
  await expect(ws.row('math.ipynb')).toBeVisible()
  await expect(folder('reports')).toHaveCount(0)
  await expect(folder('results')).toHaveCount(0)
})

test('files a cell writes appear in the panel, survive a reload and are exported', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['notebook-ui'].cloneUrl, 'main', 'math.ipynb'))
  const ws = new WorkspacePage(page)
  await ws.waitForKernelIdle()
  await ws.codeCell(1).locator('.cm-content').click()
  await page.keyboard.type(
    "import os; os.makedirs('results', exist_ok=True); open('out.csv', 'w').write('x,y\\n1,2\\n'); open('results/table.csv', 'w').write('t\\n'); os.remove('README.md')",
  )
  await page.keyboard.press('Control+Enter')
  await expect(ws.row('out.csv')).toHaveAttribute('data-status', 'added')
  await expect(ws.row('results/table.csv')).toHaveAttribute('data-status', 'added')
  await expect(ws.row('README.md')).toHaveAttribute('data-status', 'deleted')
  await expect.poll(() => ws.storedEdit('out.csv').then((r) => r?.content)).toBe('x,y\n1,2\n')
  await page.screenshot({ path: `${SHOTS}/python-files.png` })

  await page.reload()
  await expect(ws.row('out.csv')).toHaveAttribute('data-status', 'added')
  await ws.open('out.csv')
  await expect(ws.current.locator('.jp-CSVViewer .lm-DataGrid')).toBeVisible()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    ws.panel.getByRole('button', { name: 'Export' }).click(),
  ])
  const zip = unzipSync(readFileSync(await download.path()))
  expect(new TextDecoder().decode(zip['notebook-ui/out.csv'])).toBe('x,y\n1,2\n')
  expect(new TextDecoder().decode(zip['notebook-ui/results/table.csv'])).toBe('t\n')
  expect(new TextDecoder().decode(zip['notebook-ui/DELETED-FILES.txt'])).toBe('README.md\n')
})

test('a bad or taken name is explained beside the field it was typed in, which keeps it', async ({ page, git }) => {
  await page.goto(gitLaunchPath(git.repos['notebook-ui'].cloneUrl, 'main', 'math.ipynb'))
  const ws = new WorkspacePage(page)
  await ws.waitForKernelIdle()
  const problem = ws.panel.locator('.q-files-name-error')

  await ws.panel.getByRole('button', { name: 'Folder' }).click()
  const folderName = page.getByLabel('New folder name')
  await folderName.fill('data')
  await folderName.press('Enter')
  await expect(problem).toHaveText('A file or folder of that name already exists: data is a folder.')
  await expect(folderName).toHaveValue('data')
  await expect(folderName).toHaveAttribute('aria-invalid', 'true')
  await folderName.fill('results//2024')
  await expect(problem).toHaveCount(0) // typing again clears the message
  await folderName.press('Enter')
  await expect(problem).toHaveText(
    'That name cannot be used. It has an empty part: two slashes together, or a slash at the end.',
  )
  await folderName.fill('.git')
  await folderName.press('Enter')
  await expect(problem).toContainText('“.git” is reserved')
  await page.screenshot({ path: `${SHOTS}/folder-name-error.png` })
  // Not a crash screen, and nothing was made.
  await expect(ws.panel.locator('.q-files-error')).toHaveCount(0)
  await expect(ws.panel.locator('.q-folder')).toHaveCount(1)
  await folderName.press('Escape')
  await expect(folderName).toHaveCount(0)

  await ws.panel.getByRole('button', { name: 'New', exact: true }).click()
  await page.getByLabel('New file name').fill('notes.md')
  await page.getByLabel('New file name').press('Enter')
  await expect(problem).toHaveText('A file or folder of that name already exists: notes.md is a file.')
  await page.getByLabel('New file name').press('Escape')

  // A rename shows the message in the row being renamed.
  await ws.rowAction('notes.md', 'Rename')
  const rename = page.getByLabel('New name for notes.md')
  await rename.fill('README.md')
  await rename.press('Enter')
  await expect(ws.panel.locator('li', { has: rename }).locator('.q-files-name-error')).toHaveText(
    'A file or folder of that name already exists: README.md is a file.',
  )
  await page.screenshot({ path: `${SHOTS}/rename-name-error.png` })
  await rename.fill('draft.md')
  await rename.press('Enter')
  await expect(ws.row('draft.md')).toBeVisible()
  await expect(problem).toHaveCount(0)
})

test("empty folders, and renamed or deleted ones, are mirrored into Python's working directory", async ({
  page,
  git,
}) => {
  await page.goto(gitLaunchPath(git.repos['notebook-ui'].cloneUrl, 'main', 'math.ipynb'))
  const ws = new WorkspacePage(page)
  const folder = (p: string) => ws.panel.locator(`.q-folder[data-path="${p}"]`)
  await ws.waitForKernelIdle()
  const output = ws.codeCell(1).locator('.jp-OutputArea-output')
  await ws.codeCell(1).locator('.cm-content').click()
  await page.keyboard.press('Control+a')
  await page.keyboard.type("import os; print(sorted(d for d in os.listdir('.') if os.path.isdir(d)))")
  // The panel's changes reach the kernel half a second later: run the cell until they have.
  const listdirShows = async (text: string) => {
    await expect(async () => {
      await ws.codeCell(1).locator('.cm-content').click()
      await page.keyboard.press('Control+Enter')
      await expect(output).toHaveText(text, { timeout: 1_000 })
    }).toPass({ timeout: 20_000 })
  }

  await ws.panel.getByRole('button', { name: 'Folder' }).click()
  await page.getByLabel('New folder name').fill('results')
  await page.getByLabel('New folder name').press('Enter')
  await expect(folder('results')).toBeVisible()
  await listdirShows("['data', 'results']")

  await folder('results').hover()
  await folder('results').getByRole('button', { name: 'Rename' }).click()
  await page.getByLabel('New name for results').fill('reports')
  await page.getByLabel('New name for results').press('Enter')
  await expect(folder('reports')).toBeVisible()
  await listdirShows("['data', 'reports']")

  // A folder of the commit's files goes whole too.
  await folder('data').hover()
  await folder('data').getByRole('button', { name: 'Rename' }).click()
  await page.getByLabel('New name for data').fill('inputs')
  await page.getByLabel('New name for data').press('Enter')
  await listdirShows("['inputs', 'reports']")

  // After a reload the new kernel gets the empty folder with the files.
  await page.reload()
  await ws.waitForKernelIdle()
  await ws.codeCell(1).locator('.cm-content').click()
  await page.keyboard.press('Control+a')
  await page.keyboard.type("import os; print(sorted(d for d in os.listdir('.') if os.path.isdir(d)))")
  await listdirShows("['inputs', 'reports']")

  await folder('reports').hover()
  await folder('reports').getByRole('button', { name: 'Delete', exact: true }).click()
  await folder('reports').getByRole('button', { name: 'Delete reports' }).click()
  await listdirShows("['inputs']")
})
