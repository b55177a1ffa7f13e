import { bootKinds, type Breakdown } from './breakdown'
import type { BrowserFigures } from './browser'
import type { NumpyFigures } from './numpyBench'
import type { ResolveFigures } from './resolveBench'
import type { Timing } from './stats'

interface Result {
  date: string
  quick: boolean
  runs: number
  machine: string
  browser: BrowserFigures
  numpy: NumpyFigures | { skipped: string }
  resolve: ResolveFigures
  bundle: { launchPage: number; notebookView: number }
}

type Row = [figure: string, median: string, min: string, ratio: string, target: string, verdict: string]

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`

/** Table rows with each figure's ratio to the bare boot and whether it meets its target (issue 9). */
export function report(r: Result): { table: string; readmeSection: string } {
  const base = r.browser.baselineCold.median
  const row = (name: string, t: Timing | { failed: string }, target?: number, baseline = base): Row => {
    if ('failed' in t) return [name, 'failed', '', '', target ? `≤ ${target}×` : '', `✗ ${t.failed}`]
    const ratio = t.median / baseline
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
  rows.push(...numpyRows(r.numpy, row))
  const header: Row = ['Figure', 'Median', 'Min', 'Ratio to baseline', 'Target', '']
  const md = [header, header.map(() => '---') as Row, ...rows].map((c) => `| ${c.join(' | ')} |`).join('\n')
  const failures = r.resolve.failures.length
    ? `\nResolver errors (coded, counted in the timing): ${r.resolve.failures.map((f) => `${f.file} ${f.code}`).join('; ')}`
    : ''
  const count = (boots: string[]) =>
    `${boots.filter((b) => b.startsWith('from the environment snapshot')).length}/${boots.length}`
  const snapshots = `Reopens whose kernel booted from the interpreter snapshot: warm ${count(r.browser.reopenBoots.warm)}, offline ${count(r.browser.reopenBoots.offline)}.`
  const note = `Measured ${r.date.slice(0, 10)} on ${r.machine}; ${r.runs} runs per figure${r.quick ? ' (quick mode: one run, no warm-up)' : ' after a warm-up'}. ${snapshots} ${numpyNote(r.numpy)}`
  const phases = 'skipped' in r.numpy || !r.numpy.breakdown ? '' : `\n\n${breakdownTable(r.numpy.breakdown)}`
  return { table: `${md}\n\n${note}${phases}${failures}`, readmeSection: `${md}\n\n${note}${phases}` }
}

type RowFn = (name: string, t: Timing | { failed: string }, target?: number, baseline?: number) => Row

/** The numpy environment's rows (issue 18), as ratios to the bare numpy boot of the same run. */
function numpyRows(n: Result['numpy'], row: RowFn): Row[] {
  if ('skipped' in n) return [['numpy environment', 'not run', '', '', '', n.skipped]]
  const base = n.bareCold.median
  return [
    row('numpy: bare Pyodide + loadPackage + cell, cold (baseline)', n.bareCold, undefined, base),
    row('numpy: bare, warm HTTP cache', n.bareWarm, undefined, base),
    row('numpy: cold launch → first output', n.coldLaunch, 1.3, base),
    row('numpy: warm reopen → first output', n.warmReopen, 0.5, base),
    row('numpy: offline reopen → first output', n.offlineReopen, 0.5, base),
    row('numpy: restart → first output', n.restart, undefined, base),
  ]
}

function numpyNote(n: Result['numpy']): string {
  if ('skipped' in n) return `The numpy environment was not measured: ${n.skipped}.`
  const fromSnapshot = (boots: string[] = []) => {
    const k = bootKinds(boots)
    return `${k.environment} environment / ${k.baseline} baseline / ${k.plain} plain`
  }
  const restore = n.restoreMs.length
    ? `${s([...n.restoreMs].sort((a, b) => a - b)[Math.floor(n.restoreMs.length / 2)])}`
    : 'none'
  return (
    `numpy rows: real numpy 2.4.3 wheel from a mirror on the app's origin; ratios to the bare numpy boot. ` +
    `Snapshot ${n.snapshotMB ?? '?'} MB, restored in ${restore} (median, in the worker). Boots (snapshot kind): ` +
    `cold ${fromSnapshot(n.boots.cold)}; warm ${fromSnapshot(n.boots.warm)}; restart ${fromSnapshot(n.boots.restart)}; ` +
    `offline ${fromSnapshot(n.boots.offline)}.`
  )
}

/** The numpy launch's milestones (ms after navigation) and a restore's phases (durations), median of the runs. */
function breakdownTable(b: { coldLaunch: Breakdown; warmReopen: Breakdown; offlineReopen?: Breakdown }): string {
  const columns: Array<[string, Breakdown]> = [
    ['cold launch', b.coldLaunch],
    ['warm reopen', b.warmReopen],
    ...(b.offlineReopen ? [['offline reopen', b.offlineReopen] as [string, Breakdown]] : []),
  ]
  const names = [...new Set(columns.flatMap(([, x]) => Object.keys(x)))]
  const at = (x: Breakdown, name: string) => (name in x ? s(x[name]) : '')
  // Milestones in the order they happened on the warm reopen (the cold launch's fill the gaps); phases last.
  const order = (name: string) => (name.startsWith('restore:') ? Infinity : (b.warmReopen[name] ?? b.coldLaunch[name]))
  names.sort((x, y) => (order(x) === order(y) ? 0 : order(x) - order(y)))
  const rows = names.map((n) => `| ${n} | ${columns.map(([, x]) => at(x, n)).join(' | ')} |`)
  return [
    `| numpy launch, median (after navigation; \`restore:\` rows are durations in the worker) | ${columns.map(([c]) => c).join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`,
    ...rows,
  ].join('\n')
}
