import { createServer, type Server } from 'node:http'
import { expect, test } from './fixtures'
import { NotebookPage } from './notebookPage'

// An image on another site that sends no Cross-Origin-Resource-Policy (nor CORS) header, as most
// sites do: with COEP credentialless (scripts/serve.mjs embedderPolicy) it shows, and the page
// stays cross-origin isolated for the kernel's interrupt and input().
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAIAAAA2iEnWAAAAEElEQVR4nGP4z8AARAwoFABE0AX7pM/egAAAAABJRU5ErkJggg==',
  'base64',
) // 2×3 red

let other: Server
let imageUrl: string
test.beforeAll(async () => {
  other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG))
  await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok))
  const addr = other.address()
  if (addr === null || typeof addr === 'string') throw new Error('the image server has no port')
  imageUrl = `http://127.0.0.1:${addr.port}/pic.png`
})
test.afterAll(() => new Promise<void>((ok) => other.close(() => ok())))

test('a notebook shows an image from another site that sends no CORP header, and the page stays isolated', async ({
  page,
}) => {
  await page.goto('/v2/demo/quire-demo')
  const nb = new NotebookPage(page)
  await nb.waitForKernelIdle()
  expect(await page.evaluate(() => crossOriginIsolated && typeof SharedArrayBuffer === 'function')).toBe(true)
  await nb.typeAndRun(0, `from IPython.display import HTML\nHTML('<img alt="remote" src="${imageUrl}">')`)
  const img = nb.output(0).locator('img[alt="remote"]')
  await expect(img).toHaveAttribute('src', imageUrl)
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(2)
  await page.screenshot({ path: test.info().outputPath('remote-image.png') })
})
