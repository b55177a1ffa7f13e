import type { RepoFile } from './types'
import { sameBytes } from '../shared/bytes'
import { assertNever, type SerializedError } from '../shared/errors'

/** A newer commit the link's ref points to than the stored one the user is working on. */
export interface UpstreamChange {
  sha: string
  /** The new commit's folder and download time (already stored, so updating needs no network). */
  dir: string
  fetchedAt: number
  /** Files that differ: the new bytes, or no `data` when the new commit removed the file. */
  changed: Array<{ path: string; data?: Uint8Array }>
}

/**
 * What the background check of a reopened ref found (src/repo/openRepo.ts `checkUpstream`):
 * still at the open commit; moved to a commit the user chose to keep; moved, with the new commit
 * stored and compared; or not known (offline, or the lookup or download failed).
 */
export type UpstreamCheck =
  | { kind: 'current' }
  | { kind: 'kept'; sha: string }
  | { kind: 'moved'; change: UpstreamChange }
  | { kind: 'unknown'; error: SerializedError }

/** The launch log's line for a check: it is otherwise silent unless the ref moved. */
export function describeUpstreamCheck(ref: string, check: UpstreamCheck): string {
  switch (check.kind) {
    case 'current':
      return `${ref} still points to the open commit`
    case 'kept':
      return `${ref} points to ${check.sha.slice(0, 7)}, which you chose not to update to`
    case 'moved':
      return `${ref} moved to ${check.change.sha.slice(0, 7)}: ${check.change.changed.length} files changed`
    case 'unknown':
      return `could not check where ${ref} points now (${check.error.code}: ${check.error.message})`
    default:
      return assertNever(check)
  }
}

/** What changed from `before` to `after`, path by path, sorted. */
export function diffFiles(before: RepoFile[], after: RepoFile[]): UpstreamChange['changed'] {
  const old = new Map(before.map((f) => [f.path, f.data]))
  const now = new Map(after.map((f) => [f.path, f.data]))
  const out: UpstreamChange['changed'] = []
  for (const [path, data] of now) {
    const was = old.get(path)
    if (!was || !sameBytes(was, data)) out.push({ path, data })
  }
  for (const path of old.keys()) if (!now.has(path)) out.push({ path })
  return out.sort((a, b) => a.path.localeCompare(b.path))
}

/** `dir/name.ipynb` → `dir/name.upstream.ipynb`; a name without an extension gets `.upstream`. */
export function upstreamName(path: string, taken: (p: string) => boolean = () => false): string {
  const slash = path.lastIndexOf('/')
  const dot = path.lastIndexOf('.')
  const [stem, ext] = dot > slash + 1 ? [path.slice(0, dot), path.slice(dot)] : [path, '']
  for (let i = 1; ; i++) {
    const candidate = `${stem}.upstream${i > 1 ? i : ''}${ext}`
    if (!taken(candidate)) return candidate
  }
}

/**
 * Updating to the new commit: files the user did not edit simply take the new version (the edit
 * overlay sits on whichever commit is open). For each edited file the new commit changed, the
 * user's version stays and the new upstream version is saved beside it, so nothing is lost.
 */
export function upstreamCopies(
  editedPaths: Iterable<string>,
  change: UpstreamChange,
  taken: (p: string) => boolean,
): Array<{ path: string; of: string; data: Uint8Array }> {
  const changed = new Map(change.changed.map((c) => [c.path, c.data]))
  const copies: Array<{ path: string; of: string; data: Uint8Array }> = []
  const used = new Set<string>()
  for (const p of editedPaths) {
    const data = changed.get(p)
    if (data === undefined) continue
    const path = upstreamName(p, (c) => taken(c) || used.has(c) || changed.has(c))
    used.add(path)
    copies.push({ path, of: p, data })
  }
  return copies.sort((a, b) => a.path.localeCompare(b.path))
}
