import type { EditRecord, HistoryRecord, QuireDatabase } from './db'

import { AppError } from '../shared/errors'
import { isMetadataOnlySave } from './editCount'

/**
 * A save refused because the file holds another tab's newer write this copy never saw (a file
 * rewritten whole: by that tab's Python, an upload, a restore). The workspace asks the user which
 * version to keep (src/notebook/workspace.ts `onConflict`); nothing was written.
 */
export class EditConflictError extends AppError {
  constructor(path: string, stored: EditRecord) {
    super('EDIT_CONFLICT', `${path} was changed in another tab since this copy of it was loaded`, {
      path,
      rev: stored.rev ?? 0,
      tab: stored.tab,
      // What the user may choose to take instead of their copy (EditEntry's shape).
      entry: { path, content: stored.content, bytes: stored.bytes, deleted: stored.deleted },
    })
  }
}

/** The budget per file: the newest 50 versions, none older than 7 days. */
export const HISTORY_MAX_VERSIONS = 50
export const HISTORY_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000
/** The newest versions of a file, always kept as they are (coalescing thins only older ones). */
export const HISTORY_FINE_VERSIONS = 10

export type SaveKind = 'put' | 'delete' | 'forget'

/**
 * Whether a save of kind `kind` keeps the version `old` it replaces: every save does, except where
 * there is nothing to go back to, or the save changes nothing.
 */
export function shouldKeep(old: EditRecord | undefined, kind: SaveKind, next?: EditRecord): boolean {
  // No record: the commit's own version, always there to go back to. A folder marker holds nothing.
  if (!old || old.path.endsWith('/')) return false
  if (old.deleted) return kind === 'put'
  // An empty text file (a new file before its first keystroke) is no version to go back to.
  if (old.content === '' && !old.bytes) return false
  if (!next || next.deleted) return true
  // A save of the same content (JupyterLab saves again after a kernel restart) adds no version, nor
  // one of a notebook whose cells are the same (its kernel's metadata, or outputs, changed).
  if (next.content === old.content && sameBytes(next.bytes, old.bytes)) return false
  return !(old.path.endsWith('.ipynb') && !old.bytes && isMetadataOnlySave(next.content, old.content))
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b
  return a.byteLength === b.byteLength && a.every((x, i) => x === b[i])
}

interface Version {
  id?: number
  savedAt: number
  keptAt: number
}

/**
 * The ids of a file's versions past the budget: those older than 7 days, then, while more than 50
 * remain, one at a time the version that stood the shortest time before a save replaced it
 * (`keptAt - savedAt`), never one of the newest ten. Autosave writes 0.7 s after a keystroke, so
 * every save keeps a version and a minute of typing makes dozens: cutting the oldest would leave an
 * hour's work with no way back past that minute. A state that stood for 0.7 s is a step of typing
 * between two kept ones, so thinning by how long each stood merges bursts of typing into their
 * ends and keeps the states that stood (pauses, other tabs' saves, what a revert replaced) — only
 * as many as the budget requires. The newest ten stay at full grain for "undo what I just did".
 */
export function pastBudget(versions: Version[], now: number): number[] {
  const byAge = [...versions].sort((a, b) => b.keptAt - a.keptAt || (b.id ?? 0) - (a.id ?? 0))
  const gone = byAge.filter((v) => now - v.keptAt > HISTORY_MAX_AGE_MS)
  const left = byAge.filter((v) => now - v.keptAt <= HISTORY_MAX_AGE_MS)
  while (left.length > HISTORY_MAX_VERSIONS) {
    let pick = HISTORY_FINE_VERSIONS
    for (let i = pick + 1; i < left.length; i++) {
      const [a, b] = [left[i], left[pick]]
      // Shortest-lived first; of equals, the older (further down the list).
      if (a.keptAt - a.savedAt <= b.keptAt - b.savedAt) pick = i
    }
    gone.push(...left.splice(pick, 1))
  }
  return gone.flatMap((v) => (v.id === undefined ? [] : [v.id]))
}

/**
 * Whether a save made from a copy of revision `base` would overwrite a version it never saw: the
 * record now stored is newer than `base` and was written by another tab. (A tab's own writes are
 * stored in the order it made them: src/notebook/workspace.ts.)
 */
export function isStaleSave(old: EditRecord | undefined, base: number | undefined, tab: string | undefined): boolean {
  return base !== undefined && old?.rev !== undefined && old.rev > base && old.tab !== tab
}

/**
 * One save as one transaction over the overlay and the history: the version it replaces is kept
 * (`shouldKeep`), the new record written (or the path's record removed: `next` undefined) and the
 * file's history cut to its budget. A tab killed or a quota error mid-save leaves all of it or none.
 * With `base` (the revision the saved copy started from), a save that would overwrite another tab's
 * newer write unseen is refused with EDIT_CONFLICT, and nothing is written.
 */
export async function saveWithHistory(
  db: QuireDatabase,
  id: string,
  file: { repoKey: string; path: string },
  next: EditRecord | undefined,
  kind: SaveKind,
  now = Date.now(),
  base?: number,
): Promise<number> {
  const tx = db.transaction(['edits', 'history'], 'readwrite')
  const edits = tx.objectStore('edits')
  const history = tx.objectStore('history')
  const key = `${file.repoKey}:${file.path}`
  const [old, versions] = await Promise.all([edits.get(id), history.index('byFile').getAll(key)])
  if (isStaleSave(old, base, next?.tab) && old) {
    tx.abort()
    await tx.done.catch(() => {})
    throw new EditConflictError(file.path, old)
  }
  const kept: HistoryRecord[] = []
  if (old && shouldKeep(old, kind, next)) {
    const version: HistoryRecord = {
      file: key,
      repoKey: file.repoKey,
      path: file.path,
      content: old.content,
      savedAt: old.savedAt,
      keptAt: now,
      size: old.bytes?.byteLength ?? old.content.length,
      ...(old.bytes ? { bytes: old.bytes } : {}),
      ...(old.deleted ? { deleted: true } : {}),
    }
    version.id = await history.add(version)
    kept.push(version)
  }
  // Store order, across tabs (readwrite transactions on one store run one at a time): later than the
  // record replaced, and than the clock for a path whose record a forget removed.
  const rev = Math.max(now, (old?.rev ?? 0) + 1)
  if (next) await edits.put({ ...next, rev })
  else await edits.delete(id)
  for (const gone of pastBudget([...versions, ...kept], now)) await history.delete(gone)
  await tx.done
  return rev
}

/** A file's kept versions, newest first. */
export async function listVersions(db: QuireDatabase, repoKey: string, path: string): Promise<HistoryRecord[]> {
  const all = await db.getAllFromIndex('history', 'byFile', `${repoKey}:${path}`)
  return all.sort((a, b) => b.keptAt - a.keptAt || (b.id ?? 0) - (a.id ?? 0))
}

/** Every path of a repository with kept versions, with how many and the newest time. */
export async function listHistoryFiles(
  db: QuireDatabase,
  repoKey: string,
): Promise<Array<{ path: string; versions: number; lastKeptAt: number }>> {
  const byPath = new Map<string, { path: string; versions: number; lastKeptAt: number }>()
  for (let c = await db.transaction('history').store.index('byRepo').openCursor(repoKey); c; c = await c.continue()) {
    const e = byPath.get(c.value.path) ?? { path: c.value.path, versions: 0, lastKeptAt: 0 }
    e.versions++
    e.lastKeptAt = Math.max(e.lastKeptAt, c.value.keptAt)
    byPath.set(c.value.path, e)
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path))
}

/**
 * Frees space from the history before any repository cache goes (src/store/quota.ts): the oldest
 * quarter of all kept versions (at least one). Undefined when there is no history left.
 */
export async function evictHistory(db: QuireDatabase): Promise<string | undefined> {
  const count = await db.count('history')
  if (count === 0) return undefined
  let n = Math.max(1, Math.floor(count / 4))
  const tx = db.transaction('history', 'readwrite')
  for (let c = await tx.store.index('byKept').openCursor(); c && n > 0; c = await c.continue(), n--) await c.delete()
  await tx.done
  return `history (${Math.max(1, Math.floor(count / 4))} older versions)`
}
