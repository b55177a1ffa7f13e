import type { EditRecord, HistoryRecord, QuireDatabase } from './db'

/** The budget per file: the newest 50 versions, none older than 7 days. */
export const HISTORY_MAX_VERSIONS = 50
export const HISTORY_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000
/**
 * Autosave writes every 0.7 s while someone types: a save by the same tab keeps the version it
 * replaces only when that version stood this long (or, while typing goes on, ten times this long
 * after the newest kept one), so 50 versions are not a minute of keystrokes. Deletions, reverts,
 * restores and another tab's versions are always kept.
 */
export const HISTORY_BURST_MS = 30_000

export type SaveKind = 'put' | 'delete' | 'forget'

/** Whether a save of kind `kind` by tab `tab` keeps the version `old` it replaces. */
export function shouldKeep(
  old: EditRecord | undefined,
  kind: SaveKind,
  tab: string | undefined,
  newestKeptAt: number | undefined,
  now: number,
): boolean {
  // No record: the commit's own version, always there to go back to. A folder marker holds nothing.
  if (!old || old.path.endsWith('/')) return false
  if (old.deleted && kind !== 'put') return false
  if (kind !== 'put' || old.deleted || old.tab !== tab) return true
  // The same tab's autosave: the version goes to history when it stood unchanged for a while (a
  // pause in the typing), and during long typing every ten bursts.
  return (
    now - old.savedAt >= HISTORY_BURST_MS || (newestKeptAt !== undefined && now - newestKeptAt >= 10 * HISTORY_BURST_MS)
  )
}

/** The ids of a file's versions past the budget (beyond the newest 50, or older than 7 days). */
export function pastBudget(versions: Array<{ id?: number; keptAt: number }>, now: number): number[] {
  return [...versions]
    .sort((a, b) => b.keptAt - a.keptAt || (b.id ?? 0) - (a.id ?? 0))
    .filter((v, i) => i >= HISTORY_MAX_VERSIONS || now - v.keptAt > HISTORY_MAX_AGE_MS)
    .flatMap((v) => (v.id === undefined ? [] : [v.id]))
}

/**
 * One save as one transaction over the overlay and the history: the version it replaces is kept
 * (`shouldKeep`), the new record written (or the path's record removed: `next` undefined) and the
 * file's history cut to its budget. A tab killed or a quota error mid-save leaves all of it or none.
 */
export async function saveWithHistory(
  db: QuireDatabase,
  id: string,
  file: { repoKey: string; path: string },
  next: EditRecord | undefined,
  kind: SaveKind,
  now = Date.now(),
): Promise<number> {
  const tx = db.transaction(['edits', 'history'], 'readwrite')
  const edits = tx.objectStore('edits')
  const history = tx.objectStore('history')
  const key = `${file.repoKey}:${file.path}`
  const [old, versions] = await Promise.all([edits.get(id), history.index('byFile').getAll(key)])
  const newest = versions.reduce<number | undefined>(
    (m, v) => (m === undefined || v.keptAt > m ? v.keptAt : m),
    undefined,
  )
  const kept: HistoryRecord[] = []
  if (old && shouldKeep(old, kind, next?.tab, newest, now)) {
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
