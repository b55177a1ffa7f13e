import type { EditEntry, EditStore } from '../workspace'

/** The edit overlay as IndexedDB keeps it (one record per path), in memory for unit tests. */
export function memoryEditStore(initial: EditEntry[] = []): EditStore & { records: Map<string, EditEntry> } {
  const records = new Map(initial.map((e) => [e.path, e]))
  return {
    records,
    async list() { return [...records.values()] },
    async put(path, content) { records.set(path, typeof content === 'string' ? { path, content } : { path, bytes: content }) },
    async markDeleted(path) { records.set(path, { path, deleted: true }) },
    async forget(path) { records.delete(path) },
  }
}
