// The compatibility report (issue 7): shown as soon as resolving ends, before downloads and boot,
// and kept in the header's Environment popover once the notebook is open.
import { expect, gitLaunchPath, test } from './fixtures'
import { startLockStandIn } from './lockStandIn'

const SHOTS = process.env.QUIRE_SHOTS

test('the report shows while wheels download, then stays one click away in the header', async ({ page, git, pypi }) => {
  // Hold the wheel back so the launch screen is seen mid-download.
  pypi.faults.set({ match: '/files/tinytable-1.2.0-py3-none-any.whl$', mode: 'slow', delayMs: 6000, times: 1 })
  try {
    await page.goto(gitLaunchPath(git.repos['csv-repo'].cloneUrl, 'main', 'analysis.ipynb'))
    const report = page.locator('.q-progress .q-env-report')
    await expect(report).toHaveAttribute('data-verdict', 'browser')
    await expect(report.locator('.q-env-verdict')).toHaveText('Runs in the browser')
    await expect(report.locator('.q-env-summary')).toHaveText('1 package: 1 PyPI wheel')
    await expect(report.locator('tr[data-package="tinytable"] td')).toHaveText(['tinytable', '1.2.0', 'PyPI wheel'])
    await expect(page.locator('.q-phase-current')).toHaveAttribute('data-phase', 'downloading')
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/launch-report.png` })
  } finally {
    pypi.faults.clear()
  }
  await expect(page.locator('.jp-Notebook')).toBeVisible()
  const env = page.locator('.q-env-popover')
  await env.getByText('Environment', { exact: true }).click()
  await expect(env.locator('tr[data-package="tinytable"]')).toBeVisible()
})

test('drift is reported per package (asked → got) with the exact environment on Binder', async ({ page, git }) => {
  const { cloneUrl } = git.repos['drift-repo']
  // numpy comes from a mirror of Pyodide's CDN (e2e/lockStandIn.ts), so the launch completes.
  const cdn = await startLockStandIn(page, ['numpy'])
  await page.goto(gitLaunchPath(cloneUrl, 'main', 'hello.ipynb'))
  await expect(page.locator('.jp-Notebook')).toBeVisible()
  const env = page.locator('.q-env-popover')
  await env.getByText('Environment', { exact: true }).click()
  await expect(env.locator('.q-env-verdict')).toHaveText(
    /Runs in the browser, with one difference \(1 package at another version\)/,
  )
  await expect(env.locator('tr[data-package="numpy"] td')).toHaveText([
    'numpy',
    /^==1\.24\.0 → 2\.\d+\.\d+$/,
    'Pyodide',
  ])
  await expect(env.getByRole('link', { name: 'Run the exact environment on Binder' })).toHaveAttribute(
    'href',
    `https://mybinder.org/v2/git/${encodeURIComponent(cloneUrl)}/main?labpath=hello.ipynb`,
  )
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/env-popover.png` })
  await cdn.stop()
})
