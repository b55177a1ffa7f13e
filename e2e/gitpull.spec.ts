// nbgitpuller links (urlpath=git-pull?repo=…&branch=…&urlpath=…): a second repository is pulled
// into a folder beside the launched one and the named notebook opens; pulling again brings
// upstream's new files while the user's edit of a pulled notebook stays, as nbgitpuller merges.
import { expect, fixtureDir, test } from './fixtures'
import { NotebookPage } from './notebookPage'
import { WorkspacePage } from './workspacePage'

const notebook = (title: string, code: string) =>
  JSON.stringify({
    cells: [
      { cell_type: 'markdown', id: 't', metadata: {}, source: `# ${title}` },
      { cell_type: 'code', execution_count: null, id: 'c1', metadata: {}, outputs: [], source: code },
    ],
    metadata: { kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  })

test("an nbgitpuller link pulls a second repository, and a second pull keeps the user's edit", async ({
  page,
  git,
}) => {
  const env = git.repos['two-notebooks'].cloneUrl
  const course = await git.addRepo('course-material', fixtureDir('repos', 'course-material'))
  const pull = new URLSearchParams({
    repo: course.cloneUrl,
    branch: 'main',
    urlpath: 'tree/course-material/week1.ipynb',
  })
  const link = `/v2/git/${encodeURIComponent(env)}/main?urlpath=${encodeURIComponent(`git-pull?${pull}`)}`
  await page.goto(link)
  const nb = new NotebookPage(page)
  const ws = new WorkspacePage(page)
  await nb.waitForKernelIdle()
  await expect(ws.tab('week1.ipynb')).toBeVisible()
  // The pulled repository sits beside the launched one's files.
  await expect(ws.row('course-material/README.md')).toBeVisible()
  await expect(ws.row('a.ipynb')).toBeVisible()
  await nb.typeAndRun(0, "print('my answer')")
  await expect(nb.output(0)).toHaveText('my answer')
  await expect(ws.row('course-material/week1.ipynb')).toHaveAttribute('data-status', 'modified')

  // Upstream changes the notebook the user edited and adds a new one; the user deletes the README.
  await git.commitFiles('course-material', {
    'week1.ipynb': notebook('Week 1', "print('week 1, revised upstream')"),
    'week2.ipynb': notebook('Week 2', "print('week 2')"),
  })
  await ws.rowAction('course-material/README.md', 'Delete')
  await ws.row('course-material/README.md').getByRole('button', { name: 'Delete course-material/README.md' }).click()
  await expect(ws.row('course-material/README.md')).toHaveAttribute('data-status', 'deleted')

  // The same link again: a second pull.
  await page.goto(link)
  await nb.waitForKernelIdle()
  await expect(ws.row('course-material/week2.ipynb')).toBeVisible()
  // nbgitpuller's merge: the user's edit wins, a file the user deleted comes back.
  await expect(ws.row('course-material/README.md')).toHaveAttribute('data-status', 'unchanged')
  await expect(ws.row('course-material/week1.ipynb')).toHaveAttribute('data-status', 'modified')
  await expect(nb.codeCell(0).locator('.cm-content')).toHaveText("print('my answer')")
  await ws.open('course-material/week2.ipynb')
  await expect(ws.codeCell(0).locator('.cm-content')).toHaveText("print('week 2')")
  await page.screenshot({ path: test.info().outputPath('gitpull.png') })
})
