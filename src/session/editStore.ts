import type { EditStore } from '../notebook'
import type { QuireDatabase } from '../store'

/** The edit overlay of one repository, kept in IndexedDB so edits survive reloads and crashes. */
export function idbEditStore(db: QuireDatabase, repoKey: string): EditStore {
  const id = (path: string) => `${repoKey}:${path}`
  return {
    async get(path) {
      return (await db.get('edits', id(path)))?.content
    },
    async put(path, content) {
      await db.put('edits', { id: id(path), repoKey, path, content, savedAt: Date.now() })
    },
  }
}
