import { afterEach, describe, expect, it, vi } from 'vitest'
import { KeptOutputs } from './keptOutputs'
import { keptOutput, StreamBatcher, StreamLimiter, type StreamContent } from './outputLimit'

describe('StreamLimiter', () => {
  it('shows up to the cap, cut at a line end, then keeps the rest for saving', () => {
    const l = new StreamLimiter({ maxShownBytes: 10, maxKeptBytes: 100 })
    expect(l.admit('a', 'one\n')).toEqual({ text: 'one\n' })
    const cut = l.admit('a', 'two\nthree\n')
    expect(cut.text).toBe('two\n')
    expect(cut.notice).toMatchObject({ shownBytes: 8 })
    expect(l.admit('a', 'four\n')).toEqual({})
    const k = keptOutput(cut.notice!.id)!
    expect(k.chunks.join('')).toBe('one\ntwo\nthree\nfour\n')
    expect(k).toMatchObject({ totalBytes: 19, isClipped: false })
    // Another cell has its own allowance.
    expect(l.admit('b', 'hello\n')).toEqual({ text: 'hello\n' })
  })

  it('counts past the kept cap, and clear_output starts the allowance again', () => {
    const l = new StreamLimiter({ maxShownBytes: 4, maxKeptBytes: 12 })
    const { notice } = l.admit('a', 'aaaaaaaa\n')
    expect(notice).toBeDefined()
    l.admit('a', 'bbbbbbbb\n')
    expect(keptOutput(notice!.id)).toMatchObject({ keptBytes: 9, totalBytes: 18, isClipped: true })
    l.forget('a')
    expect(l.admit('a', 'ok\n')).toEqual({ text: 'ok\n' })
  })
})

describe('StreamLimiter with a page-wide budget', () => {
  it('drops the oldest cut output when a newer one needs the room', () => {
    const kept = new KeptOutputs({ maxTotalBytes: 30 })
    const l = new StreamLimiter({ maxShownBytes: 2, maxKeptBytes: 100, kept })
    const first = l.admit('a', 'aaaaaaaaaa\n').notice!
    const second = l.admit('b', 'bbbbbbbbbb\n').notice!
    const held = kept.get(first.id)!
    expect(kept.totalBytes).toBe(22)
    l.admit('c', 'cccccccccc\n')
    // 33 > 30: the first output goes, the two newer stay whole.
    expect(kept.get(first.id)).toBeUndefined()
    expect(held).toMatchObject({ isDropped: true, chunks: [], keptBytes: 0 })
    expect(kept.get(second.id)!.chunks.join('')).toBe('bbbbbbbbbb\n')
    expect(kept.totalBytes).toBe(22)
  })
})

describe('StreamBatcher', () => {
  afterEach(() => vi.useRealTimers())
  it('joins what queued up before its timer, keeping the order of cells and streams', () => {
    vi.useFakeTimers()
    const out: Array<[StreamContent, unknown]> = []
    const b = new StreamBatcher({ intervalMs: 0, emit: (c, p) => void out.push([c, p]) })
    for (let i = 0; i < 3; i++) {
      b.push('a', { name: 'stdout', text: `out ${i}\n` }, 'A')
      b.push('a', { name: 'stdout', text: `more ${i}\n` }, 'A')
      b.push('a', { name: 'stderr', text: `err ${i}\n` }, 'A')
    }
    expect(out).toEqual([])
    vi.advanceTimersByTime(0)
    expect(out.map(([c]) => `${c.name}:${c.text}`)).toEqual(
      [0, 1, 2].flatMap((i) => [`stdout:out ${i}\nmore ${i}\n`, `stderr:err ${i}\n`]),
    )
    b.push('b', { name: 'stdout', text: 'x' }, 'B')
    b.flush()
    expect(out.at(-1)).toEqual([{ name: 'stdout', text: 'x' }, 'B'])
  })
})
