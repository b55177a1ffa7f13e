import { describe, expect, it } from 'vitest'
import { forgetRescues, keepRescue, rescueOnLeave, rescuesOf, restoreRescues, type KeyValueStore } from './rescue'

/** localStorage's behaviour over a Map, with an optional byte budget (it throws QuotaExceededError past it). */
function memoryStorage(budget = Infinity): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return {
    map,
    get length() {
      return map.size
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem(k, v) {
      const used = [...map].reduce((n, [key, val]) => n + (key === k ? 0 : key.length + val.length), 0)
      if (used + k.length + v.length > budget) throw new DOMException('full', 'QuotaExceededError')
      map.set(k, v)
    },
    removeItem: (k) => void map.delete(k),
  }
}

/** A workspace's stored text per path; saves are recorded, and may fail. */
function workspace(stored: Record<string, string>, failing?: Error) {
  const saves: Array<[string, string]> = []
  return {
    saves,
    text: (p: string) => stored[p],
    async saveDocument(p: string, content: string) {
      if (failing) throw failing
      saves.push([p, content])
      stored[p] = content
    },
  }
}

const hide = (persisted = false) => Object.assign(new Event('pagehide'), { persisted })
const show = () => Object.assign(new Event('pageshow'), { persisted: true })

describe('rescue of edits as the page goes', () => {
  it('keeps each unsaved document at pagehide, per repository and path, and the next launch stores it', async () => {
    const store = memoryStorage()
    const page = new EventTarget()
    const unsaved = [{ path: 'a b/analysis.ipynb', content: '{"typed": 1}' }]
    rescueOnLeave(
      page,
      store,
      'git:repo@main',
      () => unsaved,
      async () => {},
      workspace({}),
    )
    page.dispatchEvent(hide())
    keepRescue(store, 'git:other@main', 'analysis.ipynb', 'another repository')
    expect(rescuesOf(store, 'git:repo@main')).toEqual(unsaved)

    const ws = workspace({ 'a b/analysis.ipynb': '{"typed": 0}' })
    expect(await restoreRescues(store, 'git:repo@main', ws)).toEqual(['a b/analysis.ipynb'])
    expect(ws.saves).toEqual([['a b/analysis.ipynb', '{"typed": 1}']])
    expect(rescuesOf(store, 'git:repo@main')).toEqual([])
    // Another repository's kept edit waits for its own launch.
    expect(rescuesOf(store, 'git:other@main')).toEqual([{ path: 'analysis.ipynb', content: 'another repository' }])
  })

  it("only forgets an edit the page's own save stored after all", async () => {
    const store = memoryStorage()
    keepRescue(store, 'r', 'a.py', 'x = 2')
    const ws = workspace({ 'a.py': 'x = 2' })
    expect(await restoreRescues(store, 'r', ws)).toEqual([])
    expect(ws.saves).toEqual([])
    expect(store.map.size).toBe(0)
  })

  it('keeps an edit the next launch cannot store yet (no room), and says why', async () => {
    const store = memoryStorage()
    keepRescue(store, 'r', 'a.py', 'x = 2')
    const full = new Error('STORAGE_FULL')
    await expect(restoreRescues(store, 'r', workspace({ 'a.py': 'x = 1' }, full))).rejects.toBe(full)
    expect(rescuesOf(store, 'r')).toEqual([{ path: 'a.py', content: 'x = 2' }])
  })

  it('says when localStorage has no room, and loses nothing already kept', () => {
    const store = memoryStorage(200)
    expect(keepRescue(store, 'r', 'small.py', 'x = 1')).toBe(true)
    expect(keepRescue(store, 'r', 'big.py', 'y'.repeat(500))).toBe(false)
    expect(rescuesOf(store, 'r')).toEqual([{ path: 'small.py', content: 'x = 1' }])
  })

  it('back from the back/forward cache: once its saves stored them, the kept edits are forgotten', async () => {
    const store = memoryStorage()
    const page = new EventTarget()
    const stored: Record<string, string> = { 'a.py': 'old' }
    let flushed = 0
    const flush = async () => {
      flushed++
      stored['a.py'] = 'typed'
    }
    rescueOnLeave(page, store, 'r', () => [{ path: 'a.py', content: 'typed' }], flush, workspace(stored))
    page.dispatchEvent(hide(true))
    expect(rescuesOf(store, 'r')).toHaveLength(1)
    page.dispatchEvent(show())
    await expect.poll(() => store.map.size).toBe(0)
    expect(flushed).toBe(1)
  })

  it('back from the cache with a save that failed: the kept edit stays', async () => {
    const store = memoryStorage()
    const page = new EventTarget()
    const flush = () => Promise.reject(new Error('STORAGE_FULL'))
    rescueOnLeave(page, store, 'r', () => [{ path: 'a.py', content: 'typed' }], flush, workspace({ 'a.py': 'old' }))
    page.dispatchEvent(hide(true))
    page.dispatchEvent(show())
    await new Promise((r) => setTimeout(r, 0))
    expect(rescuesOf(store, 'r')).toEqual([{ path: 'a.py', content: 'typed' }])
  })

  it("the storage page's deletions forget kept edits: one repository's, or all", () => {
    const store = memoryStorage()
    keepRescue(store, 'git:a@main', 'x.py', '1')
    keepRescue(store, 'git:b@main', 'x.py', '2')
    store.setItem('quire:config', '{}')
    forgetRescues(store, 'git:a@main')
    expect(rescuesOf(store, 'git:a@main')).toEqual([])
    expect(rescuesOf(store, 'git:b@main')).toHaveLength(1)
    forgetRescues(store)
    expect([...store.map.keys()]).toEqual(['quire:config'])
  })
})
