// Reads a wheel's own METADATA, so the index describes exactly the bytes it serves.
import { strFromU8, unzipSync } from 'fflate'

export interface WheelMetadata {
  name: string
  version: string
  summary: string
  requiresDist: string[]
  requiresPython: string | null
}

/**
 * Core metadata (RFC 822 style headers) from `<dist>.dist-info/METADATA` inside a wheel, and that
 * file's bytes (served as the wheel's PEP 658 `.metadata`).
 */
export function readWheelMetadata(bytes: Uint8Array): WheelMetadata & { file: Uint8Array } {
  const entries = unzipSync(bytes, { filter: (f) => /^[^/]+\.dist-info\/METADATA$/.test(f.name) })
  const [file] = Object.values(entries)
  if (file === undefined) throw new Error('wheel has no .dist-info/METADATA')
  const text = strFromU8(file)
  const headers: [string, string][] = []
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break // the description body follows the first blank line
    const last = headers.at(-1)
    if (/^[ \t]/.test(line) && last)
      last[1] += `\n${line.trim()}` // folded continuation line
    else {
      const i = line.indexOf(':')
      if (i > 0) headers.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()])
    }
  }
  const all = (key: string) => headers.filter(([k]) => k === key).map(([, v]) => v)
  const [name] = all('name')
  const [version] = all('version')
  if (!name || !version) throw new Error('wheel METADATA lacks Name or Version')
  return {
    file,
    name,
    version,
    summary: all('summary')[0] ?? '',
    requiresDist: all('requires-dist'),
    requiresPython: all('requires-python')[0] ?? null,
  }
}

/** PEP 503 name normalisation: runs of `-`, `_`, `.` become one `-`, lower-cased. */
// PEP 503, the same rule the app's resolver uses.
export { normalizeName } from '../../src/resolve/names'
