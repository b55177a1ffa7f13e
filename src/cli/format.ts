// The human-readable form of a check: verdict, reasons, then the resolved packages as a table.
import type { CheckResult } from './checkRepo'

const TITLE = {
  browser: 'browser',
  'browser-with-warnings': 'browser, with warnings',
  hub: 'hub (needs a server)',
} as const

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  return rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd(),
  )
}

export function formatCheck(r: CheckResult): string {
  const lines = [`verdict: ${TITLE[r.verdict.kind]}  (environment: ${r.envKind})`]
  if (r.verdict.reasons.length > 0) {
    lines.push('', 'reasons:')
    for (const reason of r.verdict.reasons) {
      const where = reason.file && !reason.text.startsWith(reason.file) ? `${reason.file}: ` : ''
      lines.push(`  ${reason.level.padEnd(7)}  ${where}${reason.text}`)
    }
  }
  if (r.packages.length > 0) {
    lines.push('', 'packages:')
    const rows = [
      ['name', 'version', 'source', 'asked'],
      ...r.packages.map((p) => [p.name, p.version, p.source, p.asked ?? '']),
    ]
    lines.push(...table(rows).map((l) => `  ${l}`))
  }
  return lines.join('\n')
}
