import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { isQuotaError, writeWithEviction } from './quota'

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
