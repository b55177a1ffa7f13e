import { describe, expect, it } from 'vitest'
import type { EditRecord } from './db'
import { HISTORY_BURST_MS, HISTORY_MAX_AGE_MS, HISTORY_MAX_VERSIONS, pastBudget, shouldKeep } from './history'

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
  const now = 10 * HISTORY_BURST_MS
  it("keeps nothing when the commit's own version is replaced, or a folder marker", () => {
    expect(shouldKeep(undefined, 'put', 'T1', undefined, now)).toBe(false)
    expect(shouldKeep(rec({ path: 'd/' }), 'forget', 'T1', undefined, now)).toBe(false)
  })
  it('keeps a version another tab saved, even within a burst of typing', () => {
    expect(shouldKeep(rec({ tab: 'T2', savedAt: now - 1 }), 'put', 'T1', now - 1, now)).toBe(true)
  })
  it("keeps the same tab's autosaves only after a pause, or now and then during long typing", () => {
    expect(shouldKeep(rec({ savedAt: now - 700 }), 'put', 'T1', undefined, now)).toBe(false)
    expect(shouldKeep(rec({ savedAt: now - 700 }), 'put', 'T1', now - 1, now)).toBe(false)
    expect(shouldKeep(rec({ savedAt: now - HISTORY_BURST_MS }), 'put', 'T1', now - 1, now)).toBe(true)
    expect(shouldKeep(rec({ savedAt: now - 700 }), 'put', 'T1', now - 10 * HISTORY_BURST_MS, now)).toBe(true)
  })
  it('always keeps what a deletion or a revert replaces, and a deletion mark that a file comes back over', () => {
    expect(shouldKeep(rec(), 'delete', 'T1', now - 1, now)).toBe(true)
    expect(shouldKeep(rec(), 'forget', 'T1', now - 1, now)).toBe(true)
    expect(shouldKeep(rec({ deleted: true, content: '' }), 'put', 'T1', now - 1, now)).toBe(true)
    expect(shouldKeep(rec({ deleted: true, content: '' }), 'forget', 'T1', undefined, now)).toBe(false)
  })
})

describe('pastBudget', () => {
  const now = 100 * HISTORY_MAX_AGE_MS
  it('drops versions beyond the newest 50, oldest first', () => {
    const versions = Array.from({ length: HISTORY_MAX_VERSIONS + 3 }, (_, i) => ({ id: i + 1, keptAt: now - 1000 + i }))
    expect(pastBudget(versions, now).sort((a, b) => a - b)).toEqual([1, 2, 3])
  })
  it('drops versions older than 7 days, whatever their number', () => {
    const versions = [
      { id: 1, keptAt: now - HISTORY_MAX_AGE_MS - 1 },
      { id: 2, keptAt: now - HISTORY_MAX_AGE_MS + 1 },
    ]
    expect(pastBudget(versions, now)).toEqual([1])
  })
})
