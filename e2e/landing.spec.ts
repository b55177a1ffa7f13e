import { expect, test } from './fixtures'

test('the link generator turns a repository into a link, badges and a QR code', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto('/')
  const repo = page.getByLabel(/Repository/)
  await repo.fill('norvig/pytudes')
  await page.getByLabel('Notebook to open (optional)').fill('ipynb/Advent.ipynb')
  const link = page.locator('[data-snippet="link"] .q-copy-value')
  await expect(link).toHaveText(`${baseURL}/v2/gh/norvig/pytudes/HEAD?labpath=ipynb%2FAdvent.ipynb`)
  await expect(page.locator('[data-snippet="markdown"] .q-copy-value')).toHaveText(
    `[![Open in Quire](${baseURL}/badge_logo.svg)](${baseURL}/v2/gh/norvig/pytudes/HEAD?labpath=ipynb%2FAdvent.ipynb)`,
  )
  await page.locator('[data-snippet="html"] button').click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('<img src=')
  await expect(page.locator('[data-snippet="html"] button')).toHaveText('Copied')
  // The QR code is a real image of the link, and the badge image is served by the site.
  const qr = page.locator('img.q-qr')
  await expect(qr).toHaveAttribute('src', /^data:image\/png;base64,/)
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100)
  const badge = await page.request.get('/badge_logo.svg')
  expect(badge.headers()['content-type']).toContain('image/svg+xml')
})

test('a pasted mybinder.org link becomes the same link on Quire, and Launch opens it', async ({
  page,
  git,
  baseURL,
}) => {
  await page.goto('/')
  await page
    .getByLabel(/Repository/)
    .fill('https://mybinder.org/v2/gh/norvig/pytudes/main?urlpath=lab/tree/ipynb/Advent.ipynb')
  await expect(page.getByRole('status')).toContainText('A Binder link')
  await expect(page.locator('[data-snippet="link"] .q-copy-value')).toHaveText(
    `${baseURL}/v2/gh/norvig/pytudes/main?labpath=ipynb%2FAdvent.ipynb`,
  )

  await page.getByLabel(/Repository/).fill(git.repos['two-notebooks'].cloneUrl)
  await page.getByLabel('Branch, tag or commit').fill('main')
  await page.getByRole('button', { name: 'Launch' }).click()
  await expect(page.locator('.quire-Overview-notebooks button')).toHaveText(['a.ipynb', 'sub/b.ipynb'])
})

test('text that is not a repository is explained, and Launch stays disabled', async ({ page }) => {
  await page.goto('/')
  await page.getByLabel(/Repository/).fill('just some words')
  await expect(page.getByRole('alert')).toContainText('owner/repo')
  await expect(page.getByRole('button', { name: 'Launch' })).toBeDisabled()
})
