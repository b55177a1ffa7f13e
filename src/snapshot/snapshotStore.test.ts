import { describe, expect, it } from 'vitest'
import type { QuotaIo, SnapshotRecord } from '../store'
import { envDigest, readSnapshot, snapshotKey, writeSnapshot, type SnapshotStorage } from '.'

/** The storage interface over a Map, with the calls it received. */
function memoryStorage() {
  const records = new Map<string, SnapshotRecord>()
  const deleted: string[] = []
  const storage: SnapshotStorage = {
    get: async (key) => records.get(key),
    put: async (record) => void records.set(record.key, record),
    delete: async (key) => {
      deleted.push(key)
      records.delete(key)
    },
  }
  return { storage, records, deleted }
}

const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])

describe('snapshot store', () => {
  it('writes a snapshot with its sha256 and reads it back verified, without rewriting it', async () => {
    const { storage, records } = memoryStorage()
    await writeSnapshot(storage, 'abc@314.0.7', bytes, '314.0.7', 'git:x@main@1111', () => 1000)
    expect(records.get('abc@314.0.7')).toMatchObject({
      pyodideVersion: '314.0.7',
      createdAt: 1000,
      lastUsed: 1000,
      envIds: ['git:x@main@1111'],
      sha256: '66840dda154e8a113c31dd0ad32f7f3a366a80e8136979d8f5a101d3d29d6f72',
    })
    const stored = records.get('abc@314.0.7')
    expect(await readSnapshot(storage, 'abc@314.0.7')).toEqual({ kind: 'found', bytes })
    expect(records.get('abc@314.0.7')).toBe(stored)
  })

  it('keeps every environment a shared snapshot serves', async () => {
    const { storage, records } = memoryStorage()
    await writeSnapshot(storage, 'k', bytes, '314.0.7', 'a@1')
    await writeSnapshot(storage, 'k', bytes, '314.0.7', 'b@2')
    await writeSnapshot(storage, 'k', bytes, '314.0.7', 'a@1')
    expect(records.get('k')?.envIds).toEqual(['a@1', 'b@2'])
  })

  it('stores its size beside the bytes', async () => {
    const { storage, records } = memoryStorage()
    await writeSnapshot(storage, 'k', bytes, '314.0.7', 'a@1')
    expect(records.get('k')?.size).toBe(8)
  })

  describe('under a quota', () => {
    /**
     * A Map storage that fails like IndexedDB while more than `room` bytes would be stored; evicting frees `freed`
     * bytes per call.
     */
    function tightStorage(room: number, caches: string[], freed: number) {
      const m = memoryStorage()
      let used = 0
      const evicted: Array<{ key: string; protect: string[] }> = []
      const quota: QuotaIo = {
        evictOne: async (protect) => {
          const key = caches.find((k) => !protect.has(k) && !evicted.some((e) => e.key === k))
          if (key === undefined) return undefined
          evicted.push({ key, protect: [...protect] })
          used -= freed
          return key
        },
      }
      const logged: string[] = []
      const storage = {
        ...m.storage,
        put: async (r: SnapshotRecord) => {
          if (used + r.bytes.byteLength > room) throw new DOMException('full', 'QuotaExceededError')
          used += r.bytes.byteLength
          await m.storage.put(r)
        },
        quota,
        log: (line: string) => logged.push(line),
      }
      used = room
      return { storage, records: m.records, evicted, logged }
    }

    it('evicts least-recently-used caches, never the repository it serves, then stores', async () => {
      const t = tightStorage(100, ['git:x@main', 'git:old@main'], 50)
      expect(await writeSnapshot(t.storage, 'k', bytes, '314.0.7', 'git:x@main@1111')).toMatchObject({ key: 'k' })
      expect(t.evicted).toEqual([{ key: 'git:old@main', protect: ['git:x@main'] }])
      expect(t.records.has('k')).toBe(true)
    })

    it('is simply not stored when nothing can make room: no error, one log line', async () => {
      const t = tightStorage(100, ['git:x@main'], 50)
      expect(await writeSnapshot(t.storage, 'k', bytes, '314.0.7', 'git:x@main@1111')).toBeUndefined()
      expect(t.records.has('k')).toBe(false)
      expect(t.logged).toEqual([expect.stringContaining('kernel snapshot not stored, no room')])
    })

    it('without an evictor a full store also just skips the snapshot', async () => {
      const t = tightStorage(100, [], 0)
      expect(await writeSnapshot({ ...t.storage, quota: undefined }, 'k', bytes, '314.0.7', 'a@1')).toBeUndefined()
    })
  })

  it('deletes a snapshot whose bytes no longer match their sha256', async () => {
    const { storage, records, deleted } = memoryStorage()
    await writeSnapshot(storage, 'k', bytes, '314.0.7', 'a@1')
    const stored = records.get('k')
    if (!stored) throw new Error('not stored')
    stored.bytes = bytes.map((b, i) => (i === 3 ? b ^ 0xff : b))
    expect(await readSnapshot(storage, 'k')).toMatchObject({ kind: 'damaged' })
    expect(deleted).toEqual(['k'])
    expect(await readSnapshot(storage, 'k')).toEqual({ kind: 'absent' })
  })

  it('gives the same key for an environment whatever the order of its packages', async () => {
    const a = await envDigest({
      pyodidePackages: ['Micropip', 'six'],
      wheels: [{ filename: 'b-1-py3-none-any.whl' }, { filename: 'a-2-py3-none-any.whl' }],
    })
    const b = await envDigest({
      pyodidePackages: ['six', 'micropip'],
      wheels: [{ filename: 'a-2-py3-none-any.whl' }, { filename: 'b-1-py3-none-any.whl' }],
    })
    const c = await envDigest({
      pyodidePackages: ['six', 'micropip'],
      wheels: [{ filename: 'a-3-py3-none-any.whl' }, { filename: 'b-1-py3-none-any.whl' }],
    })
    expect(a).toBe(b)
    expect(c).not.toBe(a)
    expect(snapshotKey(a, '314.0.7', 'https://cdn/pyodide/')).toBe(`${a}@314.0.7@https://cdn/pyodide/`)
  })
})
