import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { LeaveGuard } from './leaveGuard'
import { isQuotaError, retryAfterEviction, writeWithEviction } from './quota'

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')

/** A store with a byte budget that fails like IndexedDB when a put does not fit. */
function budgetStore(budget: number, caches: Record<string, number>) {
  const data = new Map<string, number>(Object.entries(caches))
  const used = () => [...data.values()].reduce((a, b) => a + b, 0)
  const lru = Object.keys(caches)
  return {
    data,
    async put(key: string, size: number) {
      if (used() + size > budget) throw quota()
      data.set(key, size)
    },
    async evictOne(protect: ReadonlySet<string>) {
      const key = lru.find((k) => data.has(k) && !protect.has(k))
      if (key !== undefined) data.delete(key)
      return key
    },
  }
}

describe('isQuotaError', () => {
  it('knows the DOMException, the legacy code and an aborted transaction carrying it', () => {
    expect(isQuotaError(quota())).toBe(true)
    expect(isQuotaError({ name: 'Error', code: 22 })).toBe(true)
    expect(isQuotaError({ name: 'AbortError', target: { error: quota() } })).toBe(true)
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false)
    expect(isQuotaError(new Error('disk'))).toBe(false)
    expect(isQuotaError(undefined)).toBe(false)
  })
})

describe('writeWithEviction', () => {
  it("runs a write the page's going into the back/forward cache aborted again once the page is back", async () => {
    const s = budgetStore(100, {})
    const leave = new LeaveGuard()
    let attempts = 0
    const saving = writeWithEviction(
      'an edit',
      async () => {
        if (++attempts === 1) {
          leave.hide()
          throw new DOMException('The transaction was aborted.', 'AbortError')
        }
        await s.put('edit', 10)
      },
      { ...s, leave },
    )
    await new Promise((r) => setTimeout(r, 0))
    expect(attempts).toBe(1)
    leave.show()
    await saving
    expect(attempts).toBe(2)
    expect(s.data.get('edit')).toBe(10)
  })

  it('writes at once when there is room and evicts nothing', async () => {
    const s = budgetStore(100, { old: 10 })
    await writeWithEviction('x', () => s.put('new', 50), s)
    expect([...s.data.keys()]).toEqual(['old', 'new'])
  })

  it('evicts least-recently-used caches until the write fits, sparing the protected ones', async () => {
    const s = budgetStore(100, { oldest: 30, opening: 30, newer: 30 })
    const seen: string[] = []
    await writeWithEviction(
      'wheel',
      () => s.put('wheel', 40),
      { evictOne: s.evictOne, onEvicted: (k) => seen.push(k) },
      ['opening'],
    )
    expect(seen).toEqual(['oldest'])
    expect([...s.data.keys()].sort()).toEqual(['newer', 'opening', 'wheel'])
  })

  it('says STORAGE_FULL with what it evicted when nothing more can go, and leaves the protected data alone', async () => {
    const s = budgetStore(100, { a: 20, opening: 70 })
    const err = await writeWithEviction('an edit of x.ipynb', () => s.put('edit', 50), s, ['opening']).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('STORAGE_FULL')
    expect((err as AppError).data).toEqual({ what: 'an edit of x.ipynb', evicted: ['a'] })
    expect([...s.data.keys()]).toEqual(['opening'])
  })

  it('hands the evictor the in-flight wheels to keep, as they are when it runs (a launch adds to them as it goes)', async () => {
    const inUse = new Set(['w-reused'])
    const seen: string[][] = []
    let attempts = 0
    const io = {
      evictOne: async (protect: ReadonlySet<string>, blobs: ReadonlySet<string>) => (
        seen.push([...protect, ...blobs]),
        'old'
      ),
    }
    await writeWithEviction(
      'wheel',
      async () => {
        inUse.add(`w-${attempts}`)
        if (attempts++ < 2) throw quota()
      },
      io,
      ['opening'],
      inUse,
    )
    expect(seen).toEqual([
      ['opening', 'w-reused', 'w-0'],
      ['opening', 'w-reused', 'w-0', 'w-1'],
    ])
  })

  it('does not swallow other failures', async () => {
    const s = budgetStore(100, { a: 20 })
    await expect(
      writeWithEviction(
        'x',
        async () => {
          throw new Error('broken')
        },
        s,
      ),
    ).rejects.toThrow('broken')
    expect(s.data.has('a')).toBe(true)
  })
})

describe('retryAfterEviction (a repository checkout that ran out of space)', () => {
  /** A checkout of `files` (key → size) as downloadTree does it: many writes, its own files removed on failure. */
  const checkout = (store: ReturnType<typeof budgetStore>, files: Record<string, number>) => async () => {
    const written: string[] = []
    try {
      for (const [k, size] of Object.entries(files)) {
        await store.put(k, size)
        written.push(k)
      }
      return 'opened'
    } catch (e) {
      for (const k of written) store.data.delete(k)
      if (isQuotaError(e)) throw new AppError('STORAGE_FULL', `the browser's storage is full while writing ${k0}`)
      throw e
    }
  }
  const k0 = 'the files of repo'

  it('drops least-recently-used caches (never the protected ones) and checks out again once', async () => {
    const store = budgetStore(100, { old: 40, older: 30, mine: 20 })
    const evicted: string[] = []
    const out = await retryAfterEviction(
      'the repository',
      checkout(store, { a: 30, b: 30 }),
      { evictOne: store.evictOne, onEvicted: (k) => evicted.push(k) },
      ['mine'],
      new Set(),
      2,
    )
    expect(out).toBe('opened')
    expect(evicted).toEqual(['old', 'older'])
    expect([...store.data.keys()].sort()).toEqual(['a', 'b', 'mine'])
  })

  it('drops one cache at a time: no more than the checkout needs', async () => {
    const store = budgetStore(100, { old: 40, older: 30, mine: 20 })
    let runs = 0
    const run = checkout(store, { a: 45 })
    const out = await retryAfterEviction('the repository', () => (runs++, run()), store, ['mine'])
    expect(out).toBe('opened')
    expect([...store.data.keys()].sort()).toEqual(['a', 'mine', 'older'])
    expect(runs).toBe(2)
  })

  it('still full after the retry: STORAGE_FULL naming what was dropped; with nothing to drop, no retry', async () => {
    const store = budgetStore(100, { old: 10, mine: 50 })
    let runs = 0
    const run = checkout(store, { a: 30, b: 30 })
    const e = await retryAfterEviction('the repository', () => (runs++, run()), store, ['mine']).catch((x) => x)
    expect(e).toMatchObject({ code: 'STORAGE_FULL', data: { evicted: ['old'] } })
    expect((e as Error).message).toMatch(/removed 1 older cache from this browser \(old\) and tried again/)
    expect(runs).toBe(2)
    runs = 0
    const none = await retryAfterEviction('the repository', () => (runs++, run()), store, ['mine']).catch((x) => x)
    expect(none).toMatchObject({ code: 'STORAGE_FULL', data: { evicted: [] } })
    expect(runs).toBe(1)
  })

  it('any other failure is not retried', async () => {
    let runs = 0
    const e = await retryAfterEviction(
      'the repository',
      async () => {
        runs++
        throw new AppError('REPO_UNREACHABLE', 'no answer')
      },
      { evictOne: async () => 'x' },
    ).catch((x) => x)
    expect(e).toMatchObject({ code: 'REPO_UNREACHABLE' })
    expect(runs).toBe(1)
  })
})
