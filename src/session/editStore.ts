import type { EditStore } from '../notebook'
import { pageQuota, saveWithHistory, writeWithEviction, type QuireDatabase, type QuotaIo } from '../store'

/**
 * The edit overlay of one repository, kept in IndexedDB so edits survive reloads and crashes.
 * A record holds new text (`content`), new bytes (`bytes`, for uploads) or a deletion mark.
 * Each write is one transaction with the local history (src/store/history.ts): the version it
 * replaces is kept there, so a save racing another tab's, or a restore, never loses one silently.
 * An edit must never be lost: when the quota is used up, the history's oldest versions and then
 * caches of other repositories are evicted (never edits) and the write retried; if that is not
 * enough the save fails with STORAGE_FULL while the Workspace keeps the edit in memory, so the user
 * can free space and save again.
 */
export function idbEditStore(
  db: QuireDatabase,
  repoKey: string,
  quota: QuotaIo = pageQuota(db),
  tab?: string,
): EditStore {
  const id = (path: string) => `${repoKey}:${path}`
  const save = (path: string, write: () => Promise<number>) =>
    writeWithEviction(
      `your edit of ${path} (it stays in this tab and is saved with your next change once there is room)`,
      write,
      quota,
      [repoKey],
    )
  const record = (path: string, body: { content: string; bytes?: Uint8Array; deleted?: boolean }) => ({
    id: id(path),
    repoKey,
    path,
    ...body,
    savedAt: Date.now(),
    ...(tab ? { tab } : {}),
  })
  return {
    async list() {
      const records = await db.getAllFromIndex('edits', 'byRepo', repoKey)
      return records.map((r) => ({ path: r.path, content: r.content, bytes: r.bytes, deleted: r.deleted, rev: r.rev }))
    },
    async put(path, content, base) {
      const body = typeof content === 'string' ? { content } : { content: '', bytes: content }
      return save(path, () =>
        saveWithHistory(db, id(path), { repoKey, path }, record(path, body), 'put', Date.now(), base),
      )
    },
    async markDeleted(path) {
      return save(path, () =>
        saveWithHistory(db, id(path), { repoKey, path }, record(path, { content: '', deleted: true }), 'delete'),
      )
    },
    async forget(path) {
      return save(path, () => saveWithHistory(db, id(path), { repoKey, path }, undefined, 'forget'))
    },
  }
}
