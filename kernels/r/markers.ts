// The runner (runner.R) reports rich output as marker lines on stdout:
//   "\x1fquire:<kind> <key>=<file> <key>=<file>\x1f"
// A marker may follow text the cell printed without a newline (cat("x")), so a line splits into
// that text and the marker.

export type MarkerKind = 'result' | 'display' | 'error' | 'done'

export interface Marker {
  kind: MarkerKind
  /** key (a MIME type, or ename/evalue for errors) → file in R's file system holding its value. */
  files: Array<{ key: string; path: string }>
}

const MARKER = /\x1fquire:(result|display|error|done) ?([^\x1f]*)\x1f$/

function isKind(s: string): s is MarkerKind {
  return s === 'result' || s === 'display' || s === 'error' || s === 'done'
}

/** Splits one stdout line into the text before a marker and the marker, if there is one. */
export function parseLine(line: string): { text: string; marker?: Marker } {
  const m = MARKER.exec(line)
  if (!m || !isKind(m[1])) return { text: line }
  const files = m[2]
    .split(' ')
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=')
      return { key: part.slice(0, eq), path: part.slice(eq + 1) }
    })
  return { text: line.slice(0, m.index), marker: { kind: m[1], files } }
}
