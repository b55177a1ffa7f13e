// repo2docker's rule for a data-archive record (contentproviders/doi.py, `fetch_file`): when the
// record holds exactly one file and it is a zip archive, the archive is extracted in its place,
// and when what it extracted is a single top-level folder, that folder's contents move up to the
// root. Zenodo's GitHub releases are such zips (`owner-repo-<sha>/…`), so the repository's files
// land where a clone would put them.
import { unzipSync } from 'fflate'
import { AppError } from '../shared/errors'
import { unsafePathReason } from '../shared/safePath'
import type { RepoFile } from './types'

const isZip = (data: Uint8Array) => data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04

/** The files a record opens as: its files as they are, or its single zip extracted (see above). */
export function unpackRecord(files: RepoFile[]): RepoFile[] {
  if (files.length !== 1 || !isZip(files[0].data)) return files
  const archive = files[0].path
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(files[0].data)
  } catch (e) {
    throw new AppError('CORRUPT_DOWNLOAD', `${archive} is not a readable zip: ${String(e)}`, { file: archive })
  }
  const out: RepoFile[] = []
  for (const [path, data] of Object.entries(entries)) {
    // Folder entries carry no bytes; their files name them.
    if (path.endsWith('/')) continue
    const reason = unsafePathReason(path)
    if (reason) throw new AppError('UNSAFE_PATH', `${archive}: ${JSON.stringify(path)} ${reason}`, { path, reason })
    out.push({ path: path.replace(/\\/g, '/'), data })
  }
  const tops = new Set(out.map((f) => f.path.split('/')[0]))
  const [top] = tops
  // repo2docker moves a single extracted folder's contents up; a lone file stays where it is.
  if (tops.size === 1 && out.every((f) => f.path.startsWith(`${top}/`)))
    return out.map((f) => ({ path: f.path.slice(top.length + 1), data: f.data }))
  return out
}
