import { describe, expect, it, vi } from 'vitest'
import type { SnapshotRecord } from '../store'
import { baselineKey, chooseBoot, isBaselineKey, writeSnapshot, type SnapshotStorage } from '.'

function memory() {
  const records = new Map<string, SnapshotRecord>()
  const storage: SnapshotStorage = {
    get: async (k) => records.get(k),
    put: async (r) => void records.set(r.key, r),
    delete: async (k) => void records.delete(k),
  }
  return { records, storage }
}

const BASE = baselineKey('314.0.7', 'https://cdn.example/pyodide/v314.0.7/full/')

describe('baselineKey', () => {
  it('differs by Pyodide version and by core URL, and is told apart from environment keys', () => {
    expect(baselineKey('314.0.7', 'https://a/')).not.toBe(baselineKey('314.0.8', 'https://a/'))
    expect(baselineKey('314.0.7', 'https://a/')).not.toBe(baselineKey('314.0.7', 'https://b/'))
    expect(isBaselineKey(BASE)).toBe(true)
    expect(isBaselineKey('0f3a…@314.0.7')).toBe(false)
  })
})

describe('chooseBoot', () => {
  it("takes the environment's snapshot first, then the baseline, then a plain boot that makes one", async () => {
    const { storage } = memory()
    const log: string[] = []
    expect(await chooseBoot(storage, 'env@314.0.7', BASE, (l) => log.push(l))).toEqual({
      kind: 'plain',
      makeBaseline: true,
    })
    await writeSnapshot(storage, BASE, new Uint8Array([1]), '314.0.7', undefined)
    expect(await chooseBoot(storage, 'env@314.0.7', BASE, (l) => log.push(l))).toMatchObject({ kind: 'baseline' })
    // A first visit: no stored environment to look up.
    expect(await chooseBoot(storage, undefined, BASE, (l) => log.push(l))).toMatchObject({ kind: 'baseline' })
    await writeSnapshot(storage, 'env@314.0.7', new Uint8Array([2]), '314.0.7', 'git:x@main@1')
    const env = await chooseBoot(storage, 'env@314.0.7', BASE, (l) => log.push(l))
    expect(env).toMatchObject({ kind: 'environment', key: 'env@314.0.7', bytes: new Uint8Array([2]) })
    expect(env.kind !== 'plain' && (await env.check)).toBeUndefined()
    expect(log).toEqual([])
  })

  it('hands a damaged snapshot over at once; its check then refuses it, deletes it and says so', async () => {
    const { storage, records } = memory()
    const log: string[] = []
    await writeSnapshot(storage, BASE, new Uint8Array([1]), '314.0.7', undefined)
    await writeSnapshot(storage, 'env@314.0.7', new Uint8Array([2]), '314.0.7', 'git:x@main@1')
    records.get('env@314.0.7')?.bytes.set([3])
    const env = await chooseBoot(storage, 'env@314.0.7', BASE, (l) => log.push(l))
    expect(env).toMatchObject({ kind: 'environment', bytes: new Uint8Array([3]) })
    expect(env.kind !== 'plain' && (await env.check)).toMatch(/^sha256 [0-9a-f]{12}… is not the stored [0-9a-f]{12}…$/)
    expect(records.has('env@314.0.7')).toBe(false)
    records.get(BASE)?.bytes.set([4])
    const base = await chooseBoot(storage, undefined, BASE, (l) => log.push(l))
    expect(base.kind !== 'plain' && (await base.check)).toMatch(/^sha256 /)
    expect(records.has(BASE)).toBe(false)
    expect(log).toEqual([
      expect.stringMatching(/^quire: kernel environment snapshot discarded: sha256/),
      expect.stringMatching(/^quire: kernel baseline snapshot discarded: sha256/),
    ])
  })

  it('the check works on its own copy: the bytes may be handed over (transferred) while it runs', async () => {
    const { storage, records } = memory()
    const log: string[] = []
    await writeSnapshot(storage, 'env@314.0.7', new Uint8Array([2, 2, 2]), '314.0.7', 'git:x@main@1')
    const env = await chooseBoot(storage, 'env@314.0.7', BASE, (l) => log.push(l))
    if (env.kind === 'plain') throw new Error('expected a snapshot')
    // What postMessage's transfer does to the page's copy.
    structuredClone(env.bytes.buffer, { transfer: [env.bytes.buffer] })
    expect(env.bytes.byteLength).toBe(0)
    expect(await env.check).toBeUndefined()
    expect(records.has('env@314.0.7')).toBe(true)
    expect(log).toEqual([])
  })

  it('a check that cannot run refuses the snapshot, without deleting it', async () => {
    const { storage, records } = memory()
    const log: string[] = []
    await writeSnapshot(storage, 'env@314.0.7', new Uint8Array([2]), '314.0.7', 'git:x@main@1')
    vi.spyOn(crypto.subtle, 'digest').mockRejectedValueOnce(new Error('digest unavailable'))
    const env = await chooseBoot(storage, 'env@314.0.7', BASE, (l) => log.push(l))
    expect(env.kind !== 'plain' && (await env.check)).toBe('its sha256 could not be checked: digest unavailable')
    expect(records.has('env@314.0.7')).toBe(true)
    expect(log).toEqual([expect.stringMatching(/^quire: kernel environment snapshot not used: its sha256 could not/)])
  })

  it('a storage that cannot be read means a plain boot, said in the log', async () => {
    const log: string[] = []
    const broken: SnapshotStorage = {
      get: () => Promise.reject(new Error('IndexedDB closed')),
      put: async () => {},
      delete: async () => {},
    }
    expect(await chooseBoot(broken, 'env@314.0.7', BASE, (l) => log.push(l))).toEqual({
      kind: 'plain',
      makeBaseline: true,
    })
    expect(log).toEqual([
      'quire: kernel environment snapshot not read: IndexedDB closed',
      'quire: kernel baseline snapshot not read: IndexedDB closed',
    ])
  })
})
