import { IDBFactory, IDBDatabase as FakeIDBDatabase } from 'fake-indexeddb'
import { afterEach, describe, expect, it } from 'vitest'
import { guardPageTransactions, LeaveGuard } from './leaveGuard'

// fake-indexeddb follows the spec's transaction scheduling: a readwrite transaction that still has requests
// to make holds its stores, and a transaction of another connection over them waits, as in WebKit.

let dbs: IDBDatabase[] = []
afterEach(() => {
  for (const db of dbs) db.close()
  dbs = []
})

async function openDb(factory: IDBFactory, name = 'quire'): Promise<IDBDatabase> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(name, 1)
    req.onupgradeneeded = () => req.result.createObjectStore('edits')
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
  dbs.push(db)
  return db
}

/** A save frozen midway: its transaction keeps asking for more and never ends by itself. */
function endlessWrite(db: IDBDatabase): IDBTransaction {
  const tx = db.transaction('edits', 'readwrite')
  const store = tx.objectStore('edits')
  const next = (): void => {
    store.get('a.py').onsuccess = () => {
      store.put('half-saved', 'a.py')
      next()
    }
  }
  next()
  tx.onabort = () => {}
  return tx
}

function read(db: IDBDatabase): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = db.transaction('edits').objectStore('edits').get('a.py')
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

function write(db: IDBDatabase, value: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('edits', 'readwrite')
    tx.objectStore('edits').put(value, 'a.py')
    tx.oncomplete = () => resolve()
    tx.onabort = () => reject(tx.error ?? new DOMException('aborted', 'AbortError'))
  })
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r))
}

const pageEvent = (type: 'pagehide' | 'pageshow', persisted: boolean) => Object.assign(new Event(type), { persisted })

/** A window as far as the guard sees one: its IDBDatabase class and its page events. */
function fakeWindow(): Window & typeof globalThis {
  return Object.assign(new EventTarget(), { IDBDatabase: FakeIDBDatabase }) as unknown as Window & typeof globalThis
}

describe('LeaveGuard', () => {
  it('aborts the open transaction as the page goes into the cache, so another page can read the store', async () => {
    const factory = new IDBFactory()
    const guard = new LeaveGuard()
    const cached = await openDb(factory)
    const next = await openDb(factory)
    guard.track(endlessWrite(cached))
    let isRead = false
    const reading = read(next).then((v) => ((isRead = true), v))
    await turns(50)
    // Without the guard the next page waits as long as the cached page stays frozen.
    expect(isRead).toBe(false)
    expect(guard.hide()).toBe(1)
    // Nothing of the aborted save was kept.
    await expect(reading).resolves.toBeUndefined()
  })

  it('runs a write that going into the cache cut short again once the page is shown, and only then', async () => {
    const factory = new IDBFactory()
    const guard = new LeaveGuard()
    const db = await openDb(factory)
    let attempts = 0
    const saving = guard.run(async () => {
      attempts++
      const tx = db.transaction('edits', 'readwrite')
      guard.track(tx)
      const done = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve()
        tx.onabort = () => reject(new DOMException('aborted', 'AbortError'))
      })
      tx.objectStore('edits').put(`attempt ${attempts}`, 'a.py')
      if (attempts === 1) guard.hide()
      await done
    })
    await turns(50)
    expect(attempts).toBe(1)
    expect(await read(db)).toBeUndefined()
    guard.show()
    await saving
    expect(attempts).toBe(2)
    expect(await read(db)).toBe('attempt 2')
  })

  it('leaves a failure that is not the cache to the caller', async () => {
    const guard = new LeaveGuard()
    let attempts = 0
    const full = new DOMException('full', 'QuotaExceededError')
    await expect(
      guard.run(async () => {
        attempts++
        throw full
      }),
    ).rejects.toBe(full)
    expect(attempts).toBe(1)
  })

  it('aborts a transaction opened while the page is cached, and forgets the ones that ended', async () => {
    const factory = new IDBFactory()
    const guard = new LeaveGuard()
    const db = await openDb(factory)
    const tx = db.transaction('edits', 'readwrite')
    guard.track(tx)
    tx.objectStore('edits').put('saved', 'a.py')
    await new Promise((r) => (tx.oncomplete = r))
    expect(guard.hide()).toBe(0)
    const late = db.transaction('edits', 'readwrite')
    let isAborted = false
    late.onabort = () => (isAborted = true)
    guard.track(late)
    await turns(10)
    expect(isAborted).toBe(true)
    expect(await read(db)).toBe('saved')
  })
})

describe('guardPageTransactions', () => {
  it("tracks every transaction of the window's databases and aborts them only for the back/forward cache", async () => {
    const factory = new IDBFactory()
    const win = fakeWindow()
    const guard = new LeaveGuard()
    const stop = guardPageTransactions(win, guard)
    try {
      const db = await openDb(factory)
      // A reload or a closed tab: the save started now must complete, so nothing is aborted.
      const saving = write(db, 'typed before the reload')
      win.dispatchEvent(pageEvent('pagehide', false))
      await saving
      expect(await read(db)).toBe('typed before the reload')

      const frozen = endlessWrite(db)
      let isAborted = false
      frozen.addEventListener('abort', () => (isAborted = true))
      win.dispatchEvent(pageEvent('pagehide', true))
      await turns(10)
      expect(isAborted).toBe(true)

      // Back from the cache: the aborted write left nothing, and writes go through again.
      win.dispatchEvent(pageEvent('pageshow', true))
      expect(await read(db)).toBe('typed before the reload')
      await write(db, 'after the return')
      expect(await read(db)).toBe('after the return')
    } finally {
      stop()
    }
    // Stopped: the prototype is the library's own again, and its transactions are no longer followed.
    const db = await openDb(factory, 'other')
    const untracked = endlessWrite(db)
    expect(guard.hide()).toBe(0)
    untracked.abort()
  })
})
