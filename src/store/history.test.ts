import { describe, expect, it } from 'vitest'
import type { EditRecord } from './db'
import {
  HISTORY_FINE_VERSIONS,
  HISTORY_MAX_AGE_MS,
  HISTORY_MAX_VERSIONS,
  isStaleSave,
  pastBudget,
  shouldKeep,
} from './history'

const rec = (over: Partial<EditRecord> = {}): EditRecord => ({
  id: 'r:a.py',
  repoKey: 'r',
  path: 'a.py',
  content: 'x = 1',
  savedAt: 1,
  tab: 'T1',
  ...over,
})

describe('shouldKeep', () => {
  it("keeps nothing when the commit's own version is replaced, or a folder marker", () => {
    expect(shouldKeep(undefined, 'put', rec())).toBe(false)
    expect(shouldKeep(rec({ path: 'd/' }), 'forget')).toBe(false)
  })
  it("keeps the version every save replaces, the same tab's autosave one second later included", () => {
    expect(shouldKeep(rec({ savedAt: 1000 }), 'put', rec({ content: 'x = 12', savedAt: 1700 }))).toBe(true)
    expect(shouldKeep(rec({ tab: 'T2' }), 'put', rec({ content: 'x = 2' }))).toBe(true)
  })
  it('keeps no version of a notebook whose cells stay the same (metadata or outputs changed)', () => {
    const nb = (source: string, outputs: object[] = []) =>
      JSON.stringify({ cells: [{ cell_type: 'code', source, outputs }], metadata: {} })
    const old = rec({ path: 'a.ipynb', content: nb('x = 1') })
    expect(shouldKeep(old, 'put', rec({ path: 'a.ipynb', content: nb('x = 1', [{ text: '1' }]) }))).toBe(false)
    expect(shouldKeep(old, 'put', rec({ path: 'a.ipynb', content: nb('x = 2') }))).toBe(true)
  })
  it('keeps no version for a save that changes nothing, or of an empty new file', () => {
    expect(shouldKeep(rec({ content: '' }), 'put', rec({ content: 'first words' }))).toBe(false)
    expect(shouldKeep(rec(), 'put', rec({ savedAt: 5 }))).toBe(false)
    const bytes = (n: number) => ({ content: '', bytes: new Uint8Array([1, n]) })
    expect(shouldKeep(rec(bytes(2)), 'put', rec(bytes(2)))).toBe(false)
    expect(shouldKeep(rec(bytes(2)), 'put', rec(bytes(3)))).toBe(true)
  })
  it('always keeps what a deletion or a revert replaces, and a deletion mark that a file comes back over', () => {
    expect(shouldKeep(rec(), 'delete', rec({ content: '', deleted: true }))).toBe(true)
    expect(shouldKeep(rec(), 'forget')).toBe(true)
    expect(shouldKeep(rec({ deleted: true, content: '' }), 'put', rec())).toBe(true)
    expect(shouldKeep(rec({ deleted: true, content: '' }), 'forget')).toBe(false)
  })
})

describe('pastBudget', () => {
  const now = 100 * HISTORY_MAX_AGE_MS
  it('drops versions older than 7 days, whatever their number', () => {
    const versions = [
      { id: 1, savedAt: 0, keptAt: now - HISTORY_MAX_AGE_MS - 1 },
      { id: 2, savedAt: 0, keptAt: now - HISTORY_MAX_AGE_MS + 1 },
    ]
    expect(pastBudget(versions, now)).toEqual([1])
  })

  it('within 50 versions drops nothing, however short-lived', () => {
    const versions = Array.from({ length: HISTORY_MAX_VERSIONS }, (_, i) => ({
      id: i + 1,
      savedAt: now - 1000 + i,
      keptAt: now - 999 + i,
    }))
    expect(pastBudget(versions, now)).toEqual([])
  })

  it('past 50, merges the shortest-lived steps of typing and keeps the states that stood, and the newest ten', () => {
    // An hour of work: a state that stood ten minutes every twelfth save, autosaves 0.7 s apart between.
    let t = now - 3_600_000
    const versions: Array<{ id: number; savedAt: number; keptAt: number }> = []
    for (let i = 1; i <= HISTORY_MAX_VERSIONS + 30; i++) {
      const stood = i % 12 === 0 ? 600_000 : 700
      versions.push({ id: i, savedAt: t, keptAt: t + stood })
      t += stood
    }
    const gone = new Set(pastBudget(versions, now))
    const left = versions.filter((v) => !gone.has(v.id))
    expect(left).toHaveLength(HISTORY_MAX_VERSIONS)
    // Every long-standing state survives, the oldest (id 12) included: no hour of work cut off.
    for (const v of versions.filter((x) => x.id % 12 === 0)) expect(gone.has(v.id)).toBe(false)
    // The newest ten are all there, at full grain.
    const newest = versions.slice(-HISTORY_FINE_VERSIONS).map((v) => v.id)
    for (const id of newest) expect(gone.has(id)).toBe(false)
    // What went were steps of 0.7 s, the oldest first among equals.
    for (const id of gone) expect(versions[id - 1].keptAt - versions[id - 1].savedAt).toBe(700)
    const stepsLeft = left.filter((v) => v.id % 12 !== 0 && !newest.includes(v.id)).map((v) => v.id)
    expect(Math.max(...gone)).toBeLessThan(Math.min(...stepsLeft))
  })
})

describe('isStaleSave', () => {
  it("refuses a save made from before another tab's newer write", () => {
    expect(isStaleSave(rec({ rev: 9, tab: 'T2' }), 5, 'T1')).toBe(true)
  })
  it("lets through a save that saw the stored write, the tab's own, an unchecked one, and the first ever", () => {
    expect(isStaleSave(rec({ rev: 9, tab: 'T2' }), 9, 'T1')).toBe(false)
    expect(isStaleSave(rec({ rev: 9, tab: 'T1' }), 5, 'T1')).toBe(false)
    expect(isStaleSave(rec({ rev: 9, tab: 'T2' }), undefined, 'T1')).toBe(false)
    expect(isStaleSave(undefined, 0, 'T1')).toBe(false)
  })
})
