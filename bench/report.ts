import type { BrowserFigures } from './browser'
import type { ResolveFigures } from './resolveBench'
import type { Timing } from './stats'

interface Result {
  date: string
  quick: boolean
  runs: number
  machine: string
  browser: BrowserFigures
  resolve: ResolveFigures
  bundle: { launchPage: number; notebookView: number }
}

type Row = [figure: string, median: string, min: string, ratio: string, target: string, verdict: string]

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`

/** Table rows with each figure's ratio to the bare boot and whether it meets its target (issue 9). */
export function report(r: Result): { table: string; readmeSection: string } {
  const base = r.browser.baselineCold.median
  const row = (name: string, t: Timing | { failed: string }, target?: number): Row => {
    if ('failed' in t) return [name, 'failed', '', '', target ? `≤ ${target}×` : '', `✗ ${t.failed}`]
    const ratio = t.median / base
    return [
      name,
      s(t.median),
      s(t.min),
      `${ratio.toFixed(2)}×`,
      target ? `≤ ${target}×` : '',
      target ? (ratio <= target ? '✓' : '✗ misses') : '',
    ]
  }
  const rows: Row[] = [
    row('Bare Pyodide boot, cold (baseline)', r.browser.baselineCold),
    row('Bare Pyodide boot, warm HTTP cache', r.browser.baselineWarm),
    row('Cold launch → first output (10 wheels, 1 data file)', r.browser.coldLaunch, 1.3),
    row('Warm reopen → first output', r.browser.warmReopen, 0.5),
    row('Offline reopen → first output', r.browser.offlineReopen, 0.5),
    row('Clone 200 files / 5 MB → file list', r.browser.cloneToList),
    [
      `Resolve, per requirements file (${r.resolve.files} files, Node)`,
      `${r.resolve.perFile.median.toFixed(1)} ms`,
      `${r.resolve.perFile.min.toFixed(1)} ms`,
      `worst ${r.resolve.worst.ms.toFixed(1)} ms`,
      '< 50 ms',
      r.resolve.worst.ms < 50 ? '✓' : '✗ misses',
    ],
    [
      'Launch page, initial JS+CSS gzip',
      kb(r.bundle.launchPage),
      '',
      '',
      '≤ 300 KB',
      r.bundle.launchPage <= 300 * 1024 ? '✓' : '✗ misses',
    ],
    ['Notebook view, added JS+CSS gzip', kb(r.bundle.notebookView), '', '', '', ''],
  ]
  const header: Row = ['Figure', 'Median', 'Min', 'Ratio to baseline', 'Target', '']
  const md = [header, header.map(() => '---') as Row, ...rows].map((c) => `| ${c.join(' | ')} |`).join('\n')
  const failures = r.resolve.failures.length
    ? `\nResolver errors (coded, counted in the timing): ${r.resolve.failures.map((f) => `${f.file} ${f.code}`).join('; ')}`
    : ''
  const count = (boots: string[]) => `${boots.filter((b) => b === 'from a snapshot').length}/${boots.length}`
  const snapshots = `Reopens whose kernel booted from the interpreter snapshot: warm ${count(r.browser.reopenBoots.warm)}, offline ${count(r.browser.reopenBoots.offline)}.`
  const note = `Measured ${r.date.slice(0, 10)} on ${r.machine}; ${r.runs} runs per figure${r.quick ? ' (quick mode: one run, no warm-up)' : ' after a warm-up'}. ${snapshots}`
  return { table: `${md}\n\n${note}${failures}`, readmeSection: `${md}\n\n${note}` }
}
