import type { EditStore } from '../notebook'
import type { QuireDatabase } from '../store'

/**
 * The edit overlay of one repository, kept in IndexedDB so edits survive reloads and crashes.
 * A record holds new text (`content`), new bytes (`bytes`, for uploads) or a deletion mark.
 */
export function idbEditStore(db: QuireDatabase, repoKey: string): EditStore {
  const id = (path: string) => `${repoKey}:${path}`
  return {
    async list() {
      const records = await db.getAllFromIndex('edits', 'byRepo', repoKey)
      return records.map((r) => ({ path: r.path, content: r.content, bytes: r.bytes, deleted: r.deleted }))
    },
    async put(path, content) {
      const body = typeof content === 'string' ? { content } : { content: '', bytes: content }
      await db.put('edits', { id: id(path), repoKey, path, ...body, savedAt: Date.now() })
    },
    async markDeleted(path) {
      await db.put('edits', { id: id(path), repoKey, path, content: '', deleted: true, savedAt: Date.now() })
    },
    async forget(path) {
      await db.delete('edits', id(path))
    },
  }
}
