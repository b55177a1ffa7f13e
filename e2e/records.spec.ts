// Data-archive links (BinderHub's zenodo, figshare, dataverse, hydroshare and ckan providers):
// a Zenodo record runs in the browser from its REST API and reopens offline; a provider whose
// files a browser cannot read hands the same spec to the hub at once.
import { zipSync } from 'fflate'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startStaticServer } from '../scripts/serve.mjs'
import { startBinderHubServer } from './servers/binderhub-server'
import { startZenodoServer } from './servers/zenodo-server'
import { expect, fixtureDir, test, reloadOffline } from './fixtures'
import { NotebookPage } from './notebookPage'

const DIST = process.env.QUIRE_DIST ?? fileURLToPath(new URL('../dist', import.meta.url))

/** A folder as zip entries under `top/`, as GitHub's release archives (which Zenodo keeps) are laid out. */
function zipFolder(dir: string, top: string): Uint8Array {
  const entries: Record<string, Uint8Array> = {}
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name
      if (statSync(join(dir, r)).isDirectory()) walk(r)
      else entries[`${top}/${r}`] = readFileSync(join(dir, r))
    }
  }
  walk('')
  return zipSync(entries)
}

test('a Zenodo DOI opens the notebook of its release zip, and reopens offline with every server stopped', async ({
  page,
  context,
}) => {
  const app: Server = await startStaticServer({ root: DIST })
  const site = `http://127.0.0.1:${(app.address() as { port: number }).port}`
  const zenodo = await startZenodoServer()
  zenodo.add({
    id: 7001,
    conceptId: 7000,
    files: { 'notes-v1.zip': zipFolder(fixtureDir('repos', 'two-notebooks'), 'me-notes-abc1234') },
  })
  await page.addInitScript(
    (cfg) => {
      const cur = localStorage.getItem('quire:config')
      localStorage.setItem('quire:config', JSON.stringify({ ...JSON.parse(cur ?? '{}'), ...JSON.parse(cfg) }))
    },
    JSON.stringify({ zenodoApiUrl: zenodo.apiUrl }),
  )
  // The concept DOI: Quire finds its latest version (record 7001) and stores it under that id.
  await page.goto(`${site}/v2/zenodo/10.5281/zenodo.7000?labpath=sub/b.ipynb`)
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('45')
  expect(zenodo.requests).toContain('/api/records/7001/files/notes-v1.zip/content')
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  await page.screenshot({ path: test.info().outputPath('zenodo-notebook.png') })

  await zenodo.stop()
  await reloadOffline(page, context, app)
  await nb.waitForKernelIdle()
  await nb.runCell(0)
  await expect(nb.output(0)).toHaveText('45')
})

test('a figshare DOI goes to the hub at once with the reason, and the hub builds the same spec', async ({ page }) => {
  const hub = await startBinderHubServer()
  try {
    await page.addInitScript((cfg) => localStorage.setItem('quire:config', cfg), JSON.stringify({ hubUrl: hub.url }))
    await page.goto('/v2/figshare/10.6084/m9.figshare.9782777.v1?labpath=index.ipynb')
    await expect(page.getByRole('heading', { name: 'This record opens on a BinderHub' })).toBeVisible()
    await expect(page.locator('.q-verdict')).toContainText('without CORS headers')
    const launch = page.getByRole('link', { name: 'Launch on Binder' })
    await expect(launch).toHaveAttribute(
      'href',
      `${hub.url}/v2/figshare/10.6084/m9.figshare.9782777.v1?labpath=index.ipynb`,
    )
    await page.screenshot({ path: test.info().outputPath('figshare-handoff.png') })
    await launch.click()
    await expect(page).toHaveURL(`${hub.url}/user/test-user/lab/tree/index.ipynb?token=test-token-123`)
    expect(hub.builds).toEqual(['figshare/10.6084/m9.figshare.9782777.v1'])
  } finally {
    await hub.stop()
  }
})
