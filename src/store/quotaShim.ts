/**
 * TEST ONLY: a storage budget enforced at the IndexedDB layer, because Chromium offers no
 * per-profile quota small enough to hit on purpose (large values go to blob files its usage does
 * not count at once). Enabled by `localStorage['quire:test-quota-bytes']`, read at every write
 * so a test can tighten or loosen it; without the key this module is not even loaded (db.ts).
 *
 * It keeps a size per record of the `quire` database and of LightningFS's `quire-repos` (where checkouts are
 * written, through idb-keyval: a real quota error meets a checkout there first), measured once at start, then on
 * every put/delete/clear, and makes a put that would pass the budget fail as IndexedDB does, with a
 * `QuotaExceededError` DOMException, before anything is written.
 *
 * The budget is shared by the page and the launch worker (which writes wheels on its own
 * connection): each installed shim tells the others every size it changes over a BroadcastChannel,
 * so each one's count includes the other's writes. A worker has no localStorage: it gets the budget
 * the page had when it started the worker (`fixedBudget`, passed in the prepare request).
 */
import { TEST_QUOTA_KEY } from './db'

/** Rough bytes of a structured-cloneable value: binary lengths, string lengths, and the rest. */
export function sizeOf(v: unknown): number {
  if (v instanceof Uint8Array || v instanceof ArrayBuffer) return v.byteLength
  if (typeof v === 'string') return v.length
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + sizeOf(x), 8)
  if (typeof v === 'object' && v !== null) return Object.entries(v).reduce((n, [k, x]) => n + k.length + sizeOf(x), 8)
  return 8
}

let fixed: number | undefined

function budget(): number | undefined {
  const raw = globalThis.localStorage?.getItem(TEST_QUOTA_KEY)
  const n = raw ? Number(raw) : NaN
  return Number.isFinite(n) && n > 0 ? n : fixed
}

/** One size change, as sent to the other shims: a record's new size (undefined: deleted), or a cleared store. */
type SizeChange = { slot: string; size?: number } | { cleared: string }

let installed: Promise<void> | undefined

/** LightningFS's database (`new LightningFS('quire-repos')`: idb-keyval's database and `<name>_files` store). */
export const FS_DB = 'quire-repos'

/** The FS database when it exists, never created here (idb-keyval makes its store only when it creates it). */
async function openIfExists(name: string): Promise<IDBDatabase | undefined> {
  if (!(await indexedDB.databases()).some((d) => d.name === name)) return undefined
  return new Promise((ok, fail) => {
    const req = indexedDB.open(name)
    req.onerror = () => fail(req.error)
    req.onsuccess = () => ok(req.result)
  })
}

/** Measures what the databases hold, then patches IDBObjectStore's writes; once per page or worker. */
export function installQuotaShim(db: IDBDatabase, fixedBudget?: number): Promise<void> {
  fixed ??= fixedBudget
  if (budget() === undefined) return Promise.resolve()
  return (installed ??= (async () => {
    const sizes = new Map<string, number>()
    const counted = new Set([db.name, FS_DB])
    const id = (store: string, key: IDBValidKey) => `${store}\u0000${JSON.stringify(key)}`
    const measure = async (of: IDBDatabase) => {
      for (const name of Array.from(of.objectStoreNames)) {
        await new Promise<void>((ok, fail) => {
          const req = of.transaction(name).objectStore(name).openCursor()
          req.onerror = () => fail(req.error)
          req.onsuccess = () => {
            const c = req.result
            if (!c) return ok()
            sizes.set(id(name, c.primaryKey), sizeOf(c.value))
            c.continue()
          }
        })
      }
    }
    await measure(db)
    const fsDb = await openIfExists(FS_DB)
    if (fsDb) {
      await measure(fsDb)
      fsDb.close()
    }
    let used = [...sizes.values()].reduce((a, b) => a + b, 0)
    const setSize = (slot: string, size: number | undefined) => {
      used += (size ?? 0) - (sizes.get(slot) ?? 0)
      if (size === undefined) sizes.delete(slot)
      else sizes.set(slot, size)
    }
    const clearStore = (store: string) => {
      for (const slot of [...sizes.keys()].filter((s) => s.startsWith(`${store}\u0000`))) setSize(slot, undefined)
    }
    const channel = new BroadcastChannel('quire-test-quota')
    channel.onmessage = (e: MessageEvent<SizeChange>) =>
      'cleared' in e.data ? clearStore(e.data.cleared) : setSize(e.data.slot, e.data.size)
    const tell = (change: SizeChange) => channel.postMessage(change)
    // Read by the e2e tests to set a budget just above what is stored (sizeOf: what a record costs).
    const report = {
      get used() {
        return used
      },
      sizeOf,
    }
    Object.assign(globalThis, { __quireTestQuota: report })
    const proto = IDBObjectStore.prototype
    const put = proto.put
    const add = proto.add
    const del = proto.delete
    const clear = proto.clear
    const keyOf = (store: IDBObjectStore, value: unknown, key?: IDBValidKey): IDBValidKey | undefined => {
      if (key !== undefined) return key
      const path = store.keyPath
      return typeof path === 'string' && typeof value === 'object' && value !== null
        ? (value as Record<string, IDBValidKey>)[path]
        : undefined
    }
    // A transaction that aborts (a quota error after other writes of the same save) stores none of
    // its writes: their sizes are taken back, as the browser's usage would be.
    const undo = new WeakMap<IDBTransaction, Array<{ slot: string; size: number | undefined }>>()
    const count = (tx: IDBTransaction, slot: string, size: number | undefined) => {
      let log = undo.get(tx)
      if (!log) {
        const entries: Array<{ slot: string; size: number | undefined }> = []
        undo.set(tx, entries)
        tx.addEventListener('abort', () => {
          for (const e of entries.reverse()) {
            setSize(e.slot, e.size)
            tell({ slot: e.slot, size: e.size })
          }
        })
        log = entries
      }
      log.push({ slot, size: sizes.get(slot) })
      setSize(slot, size)
      tell({ slot, size })
    }
    const checkRoom = (slot: string, value: unknown) => {
      const limit = budget()
      if (limit === undefined) return
      const next = used - (sizes.get(slot) ?? 0) + sizeOf(value)
      if (next > limit)
        throw new DOMException(`test quota of ${limit} bytes exceeded (${next} needed)`, 'QuotaExceededError')
    }
    let pending = 0
    proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      const k = keyOf(this, value, key)
      if (k === undefined || budget() === undefined || !counted.has(this.transaction.db.name))
        return put.call(this, value, key)
      const slot = id(this.name, k)
      checkRoom(slot, value)
      count(this.transaction, slot, sizeOf(value))
      return put.call(this, value, key)
    }
    // `add` too: the history's versions (an auto-incremented key, known once the request succeeds).
    proto.add = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (budget() === undefined || !counted.has(this.transaction.db.name)) return add.call(this, value, key)
      const k = keyOf(this, value, key)
      const slot = k === undefined ? id(this.name, `pending ${pending++}`) : id(this.name, k)
      checkRoom(slot, value)
      const tx = this.transaction
      count(tx, slot, sizeOf(value))
      const req = add.call(this, value, key)
      if (k === undefined)
        req.addEventListener('success', () => {
          count(tx, slot, undefined)
          count(tx, id(this.name, req.result), sizeOf(value))
        })
      return req
    }
    proto.delete = function (this: IDBObjectStore, query: IDBValidKey | IDBKeyRange) {
      if (counted.has(this.transaction.db.name) && !(query instanceof IDBKeyRange))
        count(this.transaction, id(this.name, query), undefined)
      return del.call(this, query)
    }
    proto.clear = function (this: IDBObjectStore) {
      if (counted.has(this.transaction.db.name)) {
        clearStore(this.name)
        tell({ cleared: this.name })
      }
      return clear.call(this)
    }
  })())
}
