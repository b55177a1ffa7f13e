// Reads and trims the app's IndexedDB (`quire`) from a test, straight through the page, as a user's
// devtools would: what the product stored, not what it says it stored. Each call opens and closes its
// own connection, so none is left to block the app's next version upgrade.
import type { Page } from '@playwright/test'

/** Keys of one object store, as strings. */
export function storedKeys(page: Page, store: string): Promise<string[]> {
  return page.evaluate(
    (name) =>
      new Promise<string[]>((ok, fail) => {
        const req = indexedDB.open('quire')
        req.onerror = () => fail(req.error)
        req.onsuccess = () => {
          const get = req.result.transaction(name).objectStore(name).getAllKeys()
          get.onsuccess = () => {
            req.result.close()
            ok(get.result.map(String))
          }
        }
      }),
    store,
  )
}

/** The stored edit of one file (its `edits` record's content, by `<repo key>:<path>`), '' when there is none. */
export function storedEditText(page: Page, id: string): Promise<string> {
  return page.evaluate(
    (key) =>
      new Promise<string>((ok, fail) => {
        const req = indexedDB.open('quire')
        req.onerror = () => fail(req.error)
        req.onsuccess = () => {
          const get = req.result.transaction('edits').objectStore('edits').get(key)
          get.onsuccess = () => {
            req.result.close()
            ok((get.result as { content?: string } | undefined)?.content ?? '')
          }
        }
      }),
    id,
  )
}

/**
 * Removes kernel snapshots by `store.delete`, which the test quota shim counts (src/store/quotaShim.ts):
 * every one, or (`'baseline'`) only the interpreter's baseline, the one that belongs to no repository.
 */
export function dropSnapshots(page: Page, which: 'all' | 'baseline' = 'all'): Promise<void> {
  return page.evaluate(
    (onlyBaseline) =>
      new Promise<void>((ok, fail) => {
        const req = indexedDB.open('quire')
        req.onerror = () => fail(req.error)
        req.onsuccess = () => {
          const tx = req.result.transaction('snapshots', 'readwrite')
          tx.objectStore('snapshots').openCursor().onsuccess = (e) => {
            const cursor = (e.target as IDBRequest<IDBCursorWithValue | null>).result
            if (!cursor) return
            const isBaseline = (cursor.value as { envIds?: string[] }).envIds?.length === 0
            if (!onlyBaseline || isBaseline) tx.objectStore('snapshots').delete(cursor.primaryKey)
            cursor.continue()
          }
          tx.oncomplete = () => {
            req.result.close()
            ok()
          }
        }
      }),
    which === 'baseline',
  )
}
