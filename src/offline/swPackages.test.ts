// The service worker's package ledger (public/sw-packages.js): every byte in the package cache is
// counted against the budget, whoever stored it (the service worker, or the launch worker putting
// lock packages straight into the cache), and the least recently used go first past it.
import { beforeEach, describe, expect, it } from 'vitest'
import '../../public/sw-packages.js'

interface Ledger {
  load(): Promise<void>
  touch(url: string, res: Response): Promise<void>
  add(url: string): Promise<string[]>
  reconcile(): Promise<string[]>
  entries(): Record<string, { size: number; usedAt: number }>
  total(): number
}
const { createLedger } = (
  globalThis as unknown as {
    quirePackageLedger: {
      createLedger(o: { cache: MemoryCache; budget: number; meta: string; now: () => number }): Ledger
    }
  }
).quirePackageLedger

/** CacheStorage's Cache over a Map: bodies kept as bytes, a fresh Response per match, as the real one gives. */
class MemoryCache {
  readonly store = new Map<string, { bytes: Uint8Array; headers: [string, string][] }>()
  async match(url: string) {
    const e = this.store.get(url)
    return e ? new Response(e.bytes.slice(), { headers: e.headers }) : undefined
  }
  async put(url: string, res: Response) {
    this.store.set(url, { bytes: new Uint8Array(await res.arrayBuffer()), headers: [...res.headers] })
  }
  async delete(url: string) {
    return this.store.delete(url)
  }
  async keys() {
    return [...this.store.keys()].map((url) => ({ url }))
  }
}

const META = 'https://quire.invalid/meta/'
const CDN = 'https://cdn.example/pyodide/full/'
const bytes = (n: number) => new Response(new Uint8Array(n))
let clock = 0
const now = () => ++clock
let cache: MemoryCache
beforeEach(() => {
  cache = new MemoryCache()
  clock = 0
})
const ledgerOf = (budget: number) => createLedger({ cache, budget, meta: META, now })

describe('the package ledger', () => {
  it('counts packages the launch worker put into the cache itself, and forgets ones deleted elsewhere', async () => {
    const ledger = ledgerOf(1000)
    await ledger.load()
    await cache.put(`${CDN}a.whl`, bytes(100))
    await ledger.add(`${CDN}a.whl`)
    // The launch worker's download phase: straight into the cache, the ledger not told.
    await cache.put(`${CDN}numpy.whl`, bytes(300))
    await cache.put(`${CDN}libopenblas.zip`, bytes(200))
    expect(ledger.total()).toBe(100)
    await ledger.reconcile()
    expect(ledger.total()).toBe(600)
    expect(ledger.entries()[`${CDN}numpy.whl`].size).toBe(300)
    // The storage page deleted one.
    await cache.delete(`${CDN}a.whl`)
    await ledger.reconcile()
    expect(Object.keys(ledger.entries()).sort()).toEqual([`${CDN}libopenblas.zip`, `${CDN}numpy.whl`])
    expect(ledger.total()).toBe(500)
  })

  it('past the budget, deletes the least recently used first, whoever stored them', async () => {
    const ledger = ledgerOf(500)
    await ledger.load()
    for (const [name, size] of [
      ['old.whl', 200],
      ['used.whl', 200],
    ] as const) {
      await cache.put(`${CDN}${name}`, bytes(size))
      await ledger.add(`${CDN}${name}`)
    }
    // Served again from the cache: now the most recently used.
    await ledger.touch(`${CDN}old.whl`, (await cache.match(`${CDN}old.whl`)) as Response)
    // A launch stores 200 more bytes directly: 600 in all, over the 500 budget.
    await cache.put(`${CDN}launch.whl`, bytes(200))
    expect(await ledger.reconcile()).toEqual([`${CDN}used.whl`])
    expect(await cache.match(`${CDN}used.whl`)).toBeUndefined()
    expect(ledger.total()).toBe(400)
  })

  it('never evicts the package it is storing, even one larger than the budget alone', async () => {
    const ledger = ledgerOf(250)
    await ledger.load()
    await cache.put(`${CDN}small.whl`, bytes(100))
    await ledger.add(`${CDN}small.whl`)
    await cache.put(`${CDN}huge.whl`, bytes(300))
    expect(await ledger.add(`${CDN}huge.whl`)).toEqual([`${CDN}small.whl`])
    expect(Object.keys(ledger.entries())).toEqual([`${CDN}huge.whl`])
  })

  it('is saved in the cache: a restarted service worker keeps the order and counts what was stored meanwhile', async () => {
    const first = ledgerOf(10_000)
    await first.load()
    for (const name of ['a.whl', 'b.whl']) {
      await cache.put(`${CDN}${name}`, bytes(100))
      await first.add(`${CDN}${name}`)
    }
    await first.touch(`${CDN}a.whl`, (await cache.match(`${CDN}a.whl`)) as Response)
    // Stopped; a launch stores a package meanwhile; a smaller budget now applies.
    await cache.put(`${CDN}c.whl`, bytes(100))
    const restarted = ledgerOf(200)
    await restarted.load()
    // b was used least recently: it goes; a (touched) and c (just counted) stay.
    expect(Object.keys(restarted.entries()).sort()).toEqual([`${CDN}a.whl`, `${CDN}c.whl`])
    expect(await cache.match(`${CDN}b.whl`)).toBeUndefined()
    // Its own entries are not packages.
    expect(Object.keys(restarted.entries()).some((u) => u.startsWith(META))).toBe(false)
  })
})
