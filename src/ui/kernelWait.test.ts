import { describe, expect, it } from 'vitest'
import { lastStartMs, rememberStartMs, waitText } from './kernelWait'

const base = { kernelName: 'Python 3 (Pyodide)', packages: 2, elapsedMs: 3_000 }

describe('waitText', () => {
  it('names the step under way and the ones left, with the time so far on a first start', () => {
    const t = waitText(base)
    expect(t.steps).toEqual([
      { label: 'Starting Python 3 (Pyodide)', state: 'current' },
      { label: 'installing 2 packages', state: 'next' },
    ])
    expect(t.timing).toBe('3.0 s so far; the first start in this browser takes longest')
  })

  it("says when Python came from this browser's snapshot and estimates from the last start", () => {
    const t = waitText({ ...base, boot: { kind: 'snapshot', atMs: 800 }, lastTotalMs: 6_200 })
    expect(t.steps[0]).toEqual({ label: "Python 3 (Pyodide) restored from this browser's snapshot", state: 'done' })
    expect(t.steps[1].state).toBe('current')
    expect(t.timing).toBe('about 4 s left (3.0 s so far)')
  })

  it('says when Python started from the baseline (the interpreter alone), with the packages still to install', () => {
    const t = waitText({ ...base, boot: { kind: 'baseline', atMs: 700 } })
    expect(t.steps).toEqual([
      { label: "Python 3 (Pyodide) started from this browser's saved interpreter", state: 'done' },
      { label: 'installing 2 packages', state: 'current' },
    ])
  })

  it('never promises time it no longer has, and a bare environment only opens its files', () => {
    const t = waitText({ ...base, packages: 0, boot: { kind: 'fresh', atMs: 2_000 }, lastTotalMs: 2_500 })
    expect(t.steps.map((s) => s.label)).toEqual(['Started Python 3 (Pyodide)', 'opening the files'])
    expect(t.timing).toBe('almost there (3.0 s so far)')
  })
})

describe('the remembered start', () => {
  it('is kept per link and ignores what is not a duration', () => {
    const memo = new Map<string, string>()
    const io = { getItem: (k: string) => memo.get(k) ?? null, setItem: (k: string, v: string) => memo.set(k, v) }
    expect(lastStartMs(io, 'git:a')).toBeUndefined()
    rememberStartMs(io, 'git:a', 4321.7)
    expect(lastStartMs(io, 'git:a')).toBe(4322)
    expect(lastStartMs(io, 'git:b')).toBeUndefined()
    memo.set('quire:kernel-start-ms:git:b', 'soon')
    expect(lastStartMs(io, 'git:b')).toBeUndefined()
  })
})
