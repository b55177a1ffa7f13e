// Core metadata (the METADATA file of a wheel, or the PEP 658 `.metadata` file an index serves
// beside it): RFC 822-style headers, read only for what the resolver needs.
// https://packaging.python.org/en/latest/specifications/core-metadata/
import { unzipSync } from 'fflate'
import { AppError } from '../shared/errors'

export interface CoreMetadata {
  name: string
  version: string
  requiresDist: string[]
  requiresPython?: string
}

/** METADATA files are a few KB; a bigger one is not parsed (nor is a wheel's described body). */
const MAX_METADATA_CHARS = 4_000_000

export class BadMetadataError extends AppError {
  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super('INDEX_UNREACHABLE', `${where}: the package metadata is not valid: ${reason}`, { url: where, reason })
  }
}

/** Headers until the first blank line (the description follows it); continuation lines folded in. */
export function parseCoreMetadata(text: string, where: string): CoreMetadata {
  if (text.length > MAX_METADATA_CHARS)
    throw new BadMetadataError(where, `larger than ${MAX_METADATA_CHARS} characters`)
  const headers: Array<[string, string]> = []
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break
    const last = headers.at(-1)
    if (/^[ \t]/.test(line)) {
      if (last) last[1] += `\n${line.trim()}`
      continue
    }
    const i = line.indexOf(':')
    if (i > 0) headers.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()])
  }
  const all = (key: string) => headers.filter(([k]) => k === key).map(([, v]) => v)
  const [name] = all('name')
  const [version] = all('version')
  if (!name || !version) throw new BadMetadataError(where, 'no Name or Version header')
  const [requiresPython] = all('requires-python')
  return { name, version, requiresDist: all('requires-dist'), ...(requiresPython ? { requiresPython } : {}) }
}

/** `<dist>.dist-info/METADATA` from a wheel's bytes (when the index offers no `.metadata` file). */
export function wheelMetadata(bytes: Uint8Array, where: string): CoreMetadata {
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes, {
      filter: (f) => /^[^/]+\.dist-info\/METADATA$/.test(f.name) && f.originalSize <= MAX_METADATA_CHARS * 4,
    })
  } catch (e) {
    throw new BadMetadataError(where, `not a zip archive (${e instanceof Error ? e.message : String(e)})`)
  }
  const [data] = Object.values(entries)
  if (!data) throw new BadMetadataError(where, 'no .dist-info/METADATA in the wheel')
  return parseCoreMetadata(new TextDecoder().decode(data), where)
}
