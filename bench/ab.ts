// Dev tool (issue 18): one figure for two builds, interleaved in one run so both meet the same load (a shared
// machine makes separate runs incomparable). `npx tsx bench/ab.ts <distA> <distB> <rounds> [cold] [warm] [clone]`:
// pure-Python cold launch, warm reopen, 200-file clone; prints each run and the medians with their ratio to bare.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startGitServer } from '../e2e/servers/git-server'
import { startPypiServer } from '../e2e/servers/pypi-server'
import { startStaticServer } from '../scripts/serve.mjs'
import { ARGS, barePage } from './browser'
import { benchWheels, bigRepo, launchRepo } from './fixtures'

const root = fileURLToPath(new URL('..', import.meta.url))
const [distA, distB, roundsArg, ...figures] = process.argv.slice(2)
const rounds = Number(roundsArg ?? 3)
const pyodideVersion = JSON.parse(readFileSync(join(root, 'node_modules/pyodide/package.json'), 'utf8')).version
for (const d of [distA, distB]) {
  mkdirSync(join(d, '__bench'), { recursive: true })
  writeFileSync(join(d, '__bench', 'bare.html'), barePage(pyodideVersion))
}
const OUTPUT = `(() => { const o = document.querySelector('.jp-CodeCell .jp-OutputArea-output'); return o && o.textContent.includes('total 55') })()`

async function until(page: Page, predicate: string): Promise<number> {
  const h = await page.waitForFunction(`(${predicate}) ? performance.now() : false`, undefined, {
    timeout: 180_000,
    polling: 20,
  })
  return Number(await h.jsonValue())
}

async function toOutput(page: Page, url: string | null): Promise<number> {
  if (url) await page.goto(url)
  else await page.reload()
  await page.locator('.jp-CodeCell .cm-content').first().click({ timeout: 180_000 })
  await page.keyboard.press('Shift+Enter')
  return until(page, OUTPUT)
}

const servers = await Promise.all([distA, distB].map((root) => startStaticServer({ root, port: 0, host: '127.0.0.1' })))
const urls = servers.map((s) => `http://127.0.0.1:${(s.address() as { port: number }).port}`)
const git = await startGitServer()
const pypi = await startPypiServer()
const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS })
const results: Record<string, number[]> = {}
const add = (k: string, v: number) => {
  ;(results[k] ??= []).push(v)
  console.log(`${k}: ${v.toFixed(0)}`)
}
const context = async () => {
  const ctx = await browser.newContext()
  await ctx.addInitScript((cfg) => localStorage.setItem('quire:config', cfg), JSON.stringify({ pypiUrl: pypi.url }))
  return ctx
}
try {
  for (const w of benchWheels()) pypi.addWheel(w)
  const enc = encodeURIComponent
  const launch = await git.addRepo('bench-launch', launchRepo())
  const big = await git.addRepo('bench-big', bigRepo())
  await git.commitFiles('bench-big', {
    'a.ipynb': '{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[]}',
    'b.ipynb': '{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[]}',
  })
  const launchPath = `/v2/git/${enc(launch.cloneUrl)}/main`
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [1, 0] : [0, 1]
    {
      const ctx = await browser.newContext()
      const page = await ctx.newPage()
      await page.goto(`${urls[0]}/__bench/bare.html`)
      add('bare', await until(page, 'window.__benchDone'))
      await ctx.close()
    }
    for (const i of order) {
      const tag = i === 0 ? 'A' : 'B'
      if (figures.includes('cold')) {
        const ctx = await context()
        add(`${tag} cold`, await toOutput(await ctx.newPage(), `${urls[i]}${launchPath}`))
        await ctx.close()
      }
      if (figures.includes('warm')) {
        const ctx = await context()
        const page = await ctx.newPage()
        let stored = 0
        page.on('console', (m) => {
          if (/^quire: kernel (baseline )?snapshot stored/.test(m.text())) stored++
        })
        await toOutput(page, `${urls[i]}${launchPath}`)
        const deadline = Date.now() + 120_000
        while (stored < 2 && Date.now() < deadline) await page.waitForTimeout(100)
        add(`${tag} warm`, await toOutput(page, null))
        await ctx.close()
      }
      if (figures.includes('clone')) {
        const ctx = await browser.newContext()
        const page = await ctx.newPage()
        await page.goto(`${urls[i]}/v2/git/${enc(big.cloneUrl)}/main`)
        add(
          `${tag} clone`,
          await until(page, `document.querySelector('.quire-Overview-notebooks button, .q-list a') !== null`),
        )
        await ctx.close()
      }
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b)
    const m = Math.floor(s.length / 2)
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
  }
  const bare = median(results.bare)
  console.log('\nmedians (ratio to bare):')
  for (const [k, xs] of Object.entries(results))
    console.log(
      `  ${k.padEnd(10)} ${median(xs).toFixed(0).padStart(6)} ms  ${(median(xs) / bare).toFixed(2)}x  [${xs.map((x) => x.toFixed(0)).join(', ')}]`,
    )
} finally {
  await browser.close()
  await Promise.all([git.stop(), pypi.stop(), ...servers.map((s) => new Promise((ok) => s.close(ok)))])
  for (const d of [distA, distB]) rmSync(join(d, '__bench'), { recursive: true, force: true })
}
