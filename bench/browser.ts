import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { measure, type Timing } from './stats'

export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]

export interface BrowserFigures {
  baselineCold: Timing
  baselineWarm: Timing
  coldLaunch: Timing
  warmReopen: Timing
  offlineReopen: Timing | { failed: string }
  cloneToList: Timing
  /** How the reopens' kernels booted, from the page's `quire: kernel booted …` lines (issue 8's snapshot). */
  reopenBoots: { warm: string[]; offline: string[] }
  chromium: string
}

export interface BrowserBenchOptions {
  appUrl: string
  pyodideVersion: string
  pypiUrl: string
  launchPath: string
  bigRepoPath: string
  runs: number
  warmup: boolean
}

/** ms from navigation start until `predicate` holds in the page (page clock, so no IPC skew). */
async function msUntil(page: Page, predicate: string, timeout = 120_000): Promise<number> {
  const handle = await page.waitForFunction(`(${predicate}) ? performance.now() : false`, undefined, {
    timeout,
    polling: 20,
  })
  return Number(await handle.jsonValue())
}

const FIRST_OUTPUT = `(() => { const o = document.querySelector('.jp-CodeCell .jp-OutputArea-output'); return o && o.textContent.includes('total 55') })()`

/** Opens a launch link and runs its first cell as soon as the editor exists, like a user would. */
async function launchToOutput(page: Page, url: string | null): Promise<number> {
  if (url) await page.goto(url)
  else await page.reload()
  const editor = page.locator('.jp-CodeCell .cm-content').first()
  await editor.click({ timeout: 120_000 })
  await page.keyboard.press('Shift+Enter')
  return msUntil(page, FIRST_OUTPUT)
}

async function newContext(browser: Browser, pypiUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext()
  await context.addInitScript((cfg) => localStorage.setItem('quire:config', cfg), JSON.stringify({ pypiUrl }))
  return context
}

export async function browserFigures(o: BrowserBenchOptions): Promise<BrowserFigures> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ARGS,
  })
  try {
    const bare = `${o.appUrl}/__bench/bare.html`
    const bareDone = 'window.__benchDone'
    const baselineCold = await measure(
      o.runs,
      async () => {
        const ctx = await browser.newContext()
        const page = await ctx.newPage()
        await page.goto(bare)
        const ms = await msUntil(page, bareDone)
        await ctx.close()
        return ms
      },
      o.warmup,
    )
    const warmCtx = await browser.newContext()
    const warmPage = await warmCtx.newPage()
    await warmPage.goto(bare)
    await msUntil(warmPage, bareDone)
    const baselineWarm = await measure(
      o.runs,
      async () => (await warmPage.reload(), msUntil(warmPage, bareDone)),
      false,
    )
    await warmCtx.close()

    const launchUrl = `${o.appUrl}${o.launchPath}`
    const coldLaunch = await measure(
      o.runs,
      async () => {
        const ctx = await newContext(browser, o.pypiUrl)
        const ms = await launchToOutput(await ctx.newPage(), launchUrl)
        await ctx.close()
        return ms
      },
      o.warmup,
    )

    const ctx = await newContext(browser, o.pypiUrl)
    const page = await ctx.newPage()
    const boots: string[] = []
    let isSnapshotStored = false
    page.on('console', (m) => {
      const text = m.text()
      if (text.startsWith('quire: kernel booted')) boots.push(text.replace(/^quire: kernel booted | in [\d.]+ s$/g, ''))
      if (text.startsWith('quire: kernel snapshot stored')) isSnapshotStored = true
      if (text.startsWith('quire: kernel baseline snapshot stored')) isBaselineStored = true
    })
    let isBaselineStored = false
    await launchToOutput(page, launchUrl)
    // The first visit stores the environment's snapshot once the kernel is idle, then the baseline; reopens boot
    // from the first, and neither write may overlap a measured reopen.
    const deadline = Date.now() + 120_000
    while ((!isSnapshotStored || !isBaselineStored) && Date.now() < deadline) await page.waitForTimeout(100)
    boots.length = 0
    const warmReopen = await measure(o.runs, () => launchToOutput(page, null), false)
    const warmBoots = boots.splice(0)
    let offlineReopen: BrowserFigures['offlineReopen']
    try {
      await ctx.setOffline(true)
      offlineReopen = await measure(o.runs, () => launchToOutput(page, null), false)
    } catch (e) {
      offlineReopen = { failed: (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 120) }
    }
    await ctx.close()

    const cloneToList = await measure(
      o.runs,
      async () => {
        const c = await browser.newContext()
        const p = await c.newPage()
        await p.goto(`${o.appUrl}${o.bigRepoPath}`)
        const ms = await msUntil(p, `document.querySelector('.quire-Overview-notebooks button') !== null`)
        await c.close()
        return ms
      },
      o.warmup,
    )
    return {
      baselineCold,
      baselineWarm,
      coldLaunch,
      warmReopen,
      offlineReopen,
      cloneToList,
      reopenBoots: { warm: warmBoots, offline: boots },
      chromium: browser.version(),
    }
  } finally {
    await browser.close()
  }
}

/** The bare baseline page: Pyodide from the same files, `1+1`, nothing else. */
export function barePage(pyodideVersion: string): string {
  return `<!doctype html><meta charset="utf-8"><title>bare pyodide</title>
<script type="module">
const base = location.origin + '/pyodide/${pyodideVersion}/'
const { loadPyodide } = await import(base + 'pyodide.mjs')
const py = await loadPyodide({ indexURL: base })
py.runPython('1+1')
window.__benchDone = true
</script>`
}
