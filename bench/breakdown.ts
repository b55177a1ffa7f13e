// Where a launch's time goes (issue 18), from the product's own timing: the page's `quire:` User Timing
// marks (src/shared/marks.ts), the resource timing of Pyodide's core and numpy's wheel (the page fetches
// them for the kernel's frame), and the launch log's boot line and restore phases (src/session/preboot.ts).
import type { Page } from 'playwright-core'

/** One launch, in ms after navigation (milestones) or as durations in the worker (`restore …`). */
export type Breakdown = Record<string, number>

/** The launch log lines a breakdown needs, as the page printed them. */
export interface BootLog {
  /** `quire: kernel booted <how> in <s> s` */
  booted?: { how: string; ms: number }
  /** `quire: kernel restore phases: fetch 0.12 s, …` */
  phases?: Record<string, number>
}

/** Feeds `log` from the page's console: the last boot's line and phases. */
export function watchBootLog(page: Page, log: BootLog): void {
  page.on('console', (m) => {
    const text = m.text()
    const booted = /^quire: kernel booted (.*) in ([\d.]+) s$/.exec(text)
    if (booted) log.booted = { how: booted[1], ms: Number(booted[2]) * 1000 }
    const phases = /^quire: kernel restore phases: (.*)$/.exec(text)
    if (phases)
      log.phases = Object.fromEntries(
        phases[1].split(', ').map((p) => {
          const [name, seconds] = p.split(' ')
          return [name, Number(seconds) * 1000]
        }),
      )
  })
}

/** Reads the milestones of the launch that just showed its first output at `firstOutput` (page clock). */
export async function readBreakdown(page: Page, firstOutput: number, log: BootLog): Promise<Breakdown> {
  // A string, not a function: tsx's helpers (`__name`) would not exist in the page.
  const seen = (await page.evaluate(`(() => {
    const marks = performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('quire:'))
      .map((m) => [m.name.slice('quire:'.length), m.startTime])
    const res = performance.getEntriesByType('resource')
    const last = (re) => res.filter((r) => re.test(r.name)).at(-1)
    const span = (r) => (r ? [r.startTime, r.responseEnd] : undefined)
    return { marks, core: span(last(/pyodide\\.asm\\.wasm/)), wheel: span(last(/\\/numpy-[^/]*\\.whl/)) }
  })()`)) as { marks: Array<[string, number]>; core?: [number, number]; wheel?: [number, number] }
  const b: Breakdown = {}
  // The first of each mark: a restart later in the page would add its own.
  for (const [name, at] of seen.marks) if (!(name in b)) b[name] = at
  if (seen.core) [b['core fetch start'], b['core fetch end']] = seen.core
  if (seen.wheel) [b['numpy wheel fetch start'], b['numpy wheel fetch end']] = seen.wheel
  const booted = b['kernel-booted']
  if (booted !== undefined && log.booted) b['worker boot start'] = booted - log.booted.ms
  for (const [phase, ms] of Object.entries(log.phases ?? {})) b[`restore: ${phase}`] = ms
  b['first output'] = firstOutput
  return b
}

/** The median of each figure over the runs that have it. */
export function medianBreakdown(runs: Breakdown[]): Breakdown {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r)))]
  const out: Breakdown = {}
  for (const name of names) {
    const xs = runs.flatMap((r) => (name in r ? [r[name]] : [])).sort((a, b) => a - b)
    const mid = Math.floor(xs.length / 2)
    out[name] = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2
  }
  return out
}

/** How the boots went: `environment 5, baseline 0, plain 0` (from the launch log's words). */
export function bootKinds(boots: string[]): { environment: number; baseline: number; plain: number } {
  return {
    environment: boots.filter((b) => b.startsWith('from the environment snapshot')).length,
    baseline: boots.filter((b) => b.startsWith('from the baseline snapshot')).length,
    plain: boots.filter((b) => b.startsWith('afresh')).length,
  }
}
