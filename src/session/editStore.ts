import type { EditStore } from '../notebook'
import { pageQuota, writeWithEviction, type QuireDatabase, type QuotaIo } from '../store'

/**
 * The edit overlay of one repository, kept in IndexedDB so edits survive reloads and crashes.
 * A record holds new text (`content`), new bytes (`bytes`, for uploads) or a deletion mark.
 * An edit must never be lost: when the quota is used up, caches of other repositories are evicted
 * (never edits) and the write retried; if that is not enough the save fails with STORAGE_FULL
 * while the Workspace keeps the edit in memory, so the user can free space and save again.
 */
export function idbEditStore(db: QuireDatabase, repoKey: string, quota: QuotaIo = pageQuota(db)): EditStore {
  const id = (path: string) => `${repoKey}:${path}`
  const save = (path: string, write: () => Promise<unknown>) =>
    writeWithEviction(
      `your edit of ${path} (it stays in this tab and is saved with your next change once there is room)`,
      write,
      quota,
      [repoKey],
    ).then(() => undefined)
  return {
    async list() {
      const records = await db.getAllFromIndex('edits', 'byRepo', repoKey)
      return records.map((r) => ({ path: r.path, content: r.content, bytes: r.bytes, deleted: r.deleted }))
    },
    async put(path, content) {
      const body = typeof content === 'string' ? { content } : { content: '', bytes: content }
      await save(path, () => db.put('edits', { id: id(path), repoKey, path, ...body, savedAt: Date.now() }))
    },
    async markDeleted(path) {
      await save(path, () =>
        db.put('edits', { id: id(path), repoKey, path, content: '', deleted: true, savedAt: Date.now() }),
      )
    },
    async forget(path) {
      await db.delete('edits', id(path))
    },
  }
}
