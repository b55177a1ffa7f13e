// Issue 22: /check tries every configured server from the browser and says which answer (with
// CORS) and which do not, against live and stopped stand-ins.
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { expect, test } from './fixtures'
import { startPyodideCdn } from './servers/pyodide-cdn'

const SHOTS = process.env.QUIRE_SHOTS
const VERSION: string = createRequire(import.meta.url)('pyodide/package.json').version

/** A server that answers every request but sends no CORS headers (many web servers by default). */
async function startPlainServer(): Promise<Server> {
  const server = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('hello'))
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  return server
}

test('/check reports live stand-ins as reachable and stopped ones as not, naming the setting of each', async ({
  page,
  pypi,
}) => {
  const cdn = await startPyodideCdn({ version: VERSION })
  const stopped = await startPyodideCdn({ version: VERSION })
  const stoppedUrl = stopped.url
  await stopped.stop()
  const plain = await startPlainServer()
  const plainUrl = `http://127.0.0.1:${(plain.address() as { port: number }).port}`
  await page.addInitScript(
    (cfg) => localStorage.setItem('quire:config', cfg),
    JSON.stringify({
      pypiUrl: pypi.url,
      pyodidePackageBaseUrl: cdn.url,
      webrRepoUrl: stoppedUrl,
      githubApiUrl: new URL(stoppedUrl).origin,
      githubRawUrl: plainUrl,
      corsProxy: '',
      hubUrl: new URL(stoppedUrl).origin,
    }),
  )
  try {
    await page.goto('/check')
    const row = (key: string) => page.locator(`.q-check-row[data-key="${key}"]`)
    await expect(page.locator('.q-check-summary')).toContainText('do not answer as Quire needs')
    await expect(row('pypiUrl')).toHaveAttribute('data-state', 'ok')
    await expect(row('pypiUrl')).toContainText('with CORS')
    await expect(row('pyodidePackageBaseUrl')).toHaveAttribute('data-state', 'ok')
    await expect(row('pyodideIndexUrl')).toHaveAttribute('data-state', 'ok')
    for (const key of ['webrRepoUrl', 'githubApiUrl', 'hubUrl']) {
      await expect(row(key)).toHaveAttribute('data-state', 'bad')
      await expect(row(key)).toContainText('does not answer')
      await expect(row(key).locator('.q-check-host')).toHaveText(new URL(stoppedUrl).host)
    }
    await expect(row('githubRawUrl')).toHaveAttribute('data-state', 'bad')
    await expect(row('githubRawUrl')).toContainText('without CORS headers')
    await expect(page.locator('.q-check-row[data-key="corsProxy"]')).toHaveCount(0)
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/network-check.png`, fullPage: true })
    // Reached from the storage page, as the error screens link it.
    await page.goto('/storage')
    await page.getByRole('link', { name: 'Network check' }).click()
    await expect(page.getByRole('heading', { name: 'Network check' })).toBeVisible()
  } finally {
    await cdn.stop()
    plain.closeAllConnections()
    await new Promise((ok) => plain.close(ok))
  }
})

test('/check is served without isolation, so under COEP require-corp (what Safari gets) a server answering without CORS is still told from one that does not answer', async ({
  browser,
  baseURL,
  pypi,
}) => {
  const plain = await startPlainServer()
  const plainUrl = `http://127.0.0.1:${(plain.address() as { port: number }).port}`
  // Safari's user agent: scripts/serve.mjs answers it with require-corp, which hides no-cors answers that carry
  // no Cross-Origin-Resource-Policy header. No service worker: the server's headers alone decide.
  const context = await browser.newContext({
    baseURL,
    serviceWorkers: 'block',
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  })
  try {
    await context.addInitScript(
      (cfg) => localStorage.setItem('quire:config', cfg),
      JSON.stringify({ pypiUrl: pypi.url, githubRawUrl: plainUrl, hubUrl: plainUrl, corsProxy: '' }),
    )
    const page = await context.newPage()
    // The rest of the site is isolated with require-corp for this browser.
    const storage = await page.goto('/storage')
    expect(storage?.headers()['cross-origin-embedder-policy']).toBe('require-corp')
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    await page.goto('/check')
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false)
    const row = (key: string) => page.locator(`.q-check-row[data-key="${key}"]`)
    await expect(row('githubRawUrl')).toHaveAttribute('data-state', 'bad')
    await expect(row('githubRawUrl')).toContainText('without CORS headers')
    // The hub needs no CORS: answering at all is enough.
    await expect(row('hubUrl')).toHaveAttribute('data-state', 'ok')
    await expect(row('hubUrl')).toContainText('without CORS headers, which it does not need')
    await expect(row('pypiUrl')).toHaveAttribute('data-state', 'ok')
  } finally {
    await context.close()
    plain.closeAllConnections()
    await new Promise((ok) => plain.close(ok))
  }
})

test('the link generator offers the class pack command for the repository typed', async ({ page, baseURL }) => {
  await page.goto('/')
  await page.getByLabel(/Repository/).fill('https://github.com/JoeKnittel/BinderDemo/tree/lesson-2')
  const pack = page.locator('[data-snippet="pack"] .q-copy-value')
  await expect(pack).toHaveText(
    `npx quire pack https://github.com/JoeKnittel/BinderDemo.git --ref lesson-2 --out pack --url ${baseURL}/pack/`,
  )
  if (SHOTS) await page.locator('.q-output').screenshot({ path: `${SHOTS}/landing-pack-command.png` })
})
