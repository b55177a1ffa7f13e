// The numpy environment (issue 18): real compiled wheels from ../shared/pyodide-wheels, served from a
// self-hoster's mirror on the app's origin. The baseline is a bare page on the same mirror:
// loadPyodide + loadPackage('numpy') + the same cell. Skipped, and said so, without the wheels.
import type { Browser, Page } from 'playwright-core'
import { startSiteWithMirror, type SharedWheel } from '../e2e/servers/pyodide-mirror'
import { startStaticServer } from '../scripts/serve.mjs'
import { measure, type Timing } from './stats'
import { medianBreakdown, readBreakdown, watchBootLog, type BootLog, type Breakdown } from './breakdown'

export const NUMPY_CELL =
  'import numpy as np\nprint(np.__version__, round(float(np.linalg.det(np.eye(3) * 2)), 3), int(np.arange(10).sum()))'
const OUTPUT = '2.4.3 8.0 45'

export interface NumpyFigures {
  bareCold: Timing
  bareWarm: Timing
  coldLaunch: Timing
  warmReopen: Timing
  offlineReopen: Timing | { failed: string }
  restart: Timing
  /** From the page's log: the stored snapshot's size and the boots' own times (in the worker). */
  snapshotMB?: number
  restoreMs: number[]
  boots: { cold: string[]; warm: string[]; offline: string[]; restart: string[] }
  /** Median milestones of a cold launch, a warm reopen and an offline one (bench/breakdown.ts). */
  breakdown: { coldLaunch: Breakdown; warmReopen: Breakdown; offlineReopen?: Breakdown }
}

export interface NumpyBenchOptions {
  dist: string
  wheels: SharedWheel[]
  gitCloneUrl: string
  pypiUrl: string
  runs: number
  warmup: boolean
}

/** The bare page: Pyodide and numpy from the mirror, then the notebook's cell. */
export function bareNumpyPage(): string {
  return `<!doctype html><meta charset="utf-8"><title>bare pyodide + numpy</title>
<script type="module">
const base = location.origin + '/mirror/pyodide/'
const { loadPyodide } = await import(base + 'pyodide.mjs')
const py = await loadPyodide({ indexURL: base })
await py.loadPackage('numpy')
py.runPython(${JSON.stringify(NUMPY_CELL)})
window.__benchDone = true
</script>`
}

async function msUntil(page: Page, predicate: string, timeout = 180_000): Promise<number> {
  const handle = await page.waitForFunction(`(${predicate}) ? performance.now() : false`, undefined, {
    timeout,
    polling: 20,
  })
  return Number(await handle.jsonValue())
}

const FIRST_OUTPUT = `(() => { const o = document.querySelector('.jp-CodeCell .jp-OutputArea-output'); return o && o.textContent.includes(${JSON.stringify(OUTPUT)}) })()`

async function launchToOutput(page: Page, url: string | null): Promise<number> {
  if (url) await page.goto(url)
  else await page.reload()
  await page.locator('.jp-CodeCell .cm-content').first().click({ timeout: 180_000 })
  await page.keyboard.press('Shift+Enter')
  return msUntil(page, FIRST_OUTPUT)
}

/** From the restart button to the first cell's output again, on the page clock. */
async function restartToOutput(page: Page): Promise<number> {
  const started = Number(await page.evaluate(() => performance.now()))
  await page.locator('[data-jp-item-name="restart"] jp-button, [data-jp-item-name="restart"] button').first().click()
  await page.locator('.jp-Dialog').getByRole('button', { name: 'Confirm Kernel Restart' }).click()
  // The old output stays until the cell runs again: clear it by running once the kernel is idle.
  await page.locator('[data-jp-item-name="kernel-status"][title*="Kernel Idle"]').first().waitFor({ timeout: 180_000 })
  await page.evaluate(() =>
    document.querySelectorAll('.jp-CodeCell .jp-OutputArea-output').forEach((o) => (o.textContent = '')),
  )
  await page.locator('.jp-CodeCell .cm-content').first().click()
  await page.keyboard.press('Shift+Enter')
  return (await msUntil(page, FIRST_OUTPUT)) - started
}

export async function numpyFigures(browser: Browser, o: NumpyBenchOptions): Promise<NumpyFigures> {
  const site = await startSiteWithMirror(await startStaticServer({ root: o.dist }), o.wheels)
  try {
    const config = JSON.stringify({
      pypiUrl: o.pypiUrl,
      pyodideIndexUrl: site.mirrorUrl,
      pyodidePackageBaseUrl: site.mirrorUrl,
    })
    const newContext = async () => {
      const ctx = await browser.newContext()
      await ctx.addInitScript((cfg) => localStorage.setItem('quire:config', cfg), config)
      return ctx
    }
    const bare = `${site.url}/__bench/bare-numpy.html`
    const bareCold = await measure(
      o.runs,
      async () => {
        const ctx = await browser.newContext()
        const page = await ctx.newPage()
        await page.goto(bare)
        const ms = await msUntil(page, 'window.__benchDone')
        await ctx.close()
        return ms
      },
      o.warmup,
    )
    const warmCtx = await browser.newContext()
    const warmPage = await warmCtx.newPage()
    await warmPage.goto(bare)
    await msUntil(warmPage, 'window.__benchDone')
    const bareWarm = await measure(
      o.runs,
      async () => (await warmPage.reload(), msUntil(warmPage, 'window.__benchDone')),
      false,
    )
    await warmCtx.close()

    const launchUrl = `${site.url}/v2/git/${encodeURIComponent(o.gitCloneUrl)}/main?labpath=arrays.ipynb`
    const coldBreakdowns: Breakdown[] = []
    const coldBoots: string[] = []
    const coldLaunch = await measure(
      o.runs,
      async (i) => {
        const ctx = await newContext()
        const p = await ctx.newPage()
        const log: BootLog = {}
        watchBootLog(p, log)
        const ms = await launchToOutput(p, launchUrl)
        if (i >= 0) {
          coldBreakdowns.push(await readBreakdown(p, ms, log))
          if (log.booted) coldBoots.push(log.booted.how)
        }
        await ctx.close()
        return ms
      },
      o.warmup,
    )

    const ctx = await newContext()
    const page = await ctx.newPage()
    const boots: string[] = []
    const restoreMs: number[] = []
    let snapshotMB: number | undefined
    page.on('console', (m) => {
      const text = m.text()
      const booted = /^quire: kernel booted (.*) in ([\d.]+) s$/.exec(text)
      if (booted) {
        boots.push(booted[1])
        if (booted[1].startsWith('from the environment snapshot')) restoreMs.push(Number(booted[2]) * 1000)
      }
      const stored = /^quire: kernel snapshot stored \(([\d.]+) MB/.exec(text)
      if (stored) snapshotMB = Number(stored[1])
      if (text.startsWith('quire: kernel baseline snapshot stored')) isBaselineStored = true
    })
    let isBaselineStored = false
    await launchToOutput(page, launchUrl)
    // The environment's snapshot, then the baseline (stored after it): neither write may overlap a measured reopen.
    const deadline = Date.now() + 180_000
    while ((snapshotMB === undefined || !isBaselineStored) && Date.now() < deadline) await page.waitForTimeout(100)
    boots.length = 0
    const warmLog: BootLog = {}
    watchBootLog(page, warmLog)
    // One reopen to the first output, its breakdown kept in `into` (warm and offline reopens alike).
    const reopen = (into: Breakdown[]) => async () => {
      delete warmLog.booted
      delete warmLog.phases
      const ms = await launchToOutput(page, null)
      into.push(await readBreakdown(page, ms, warmLog))
      return ms
    }
    const warmBreakdowns: Breakdown[] = []
    const warmReopen = await measure(o.runs, reopen(warmBreakdowns), false)
    const warm = boots.splice(0)
    const restart = await measure(o.runs, () => restartToOutput(page), false)
    const restarted = boots.splice(0)
    let offlineReopen: NumpyFigures['offlineReopen']
    const offlineBreakdowns: Breakdown[] = []
    try {
      await ctx.setOffline(true)
      offlineReopen = await measure(o.runs, reopen(offlineBreakdowns), false)
    } catch (e) {
      offlineReopen = { failed: (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 120) }
    }
    await ctx.close()
    return {
      bareCold,
      bareWarm,
      coldLaunch,
      warmReopen,
      offlineReopen,
      restart,
      snapshotMB,
      restoreMs,
      boots: { cold: coldBoots, warm, offline: boots, restart: restarted },
      breakdown: {
        coldLaunch: medianBreakdown(coldBreakdowns),
        warmReopen: medianBreakdown(warmBreakdowns),
        offlineReopen: medianBreakdown(offlineBreakdowns),
      },
    }
  } finally {
    await site.stop()
  }
}
