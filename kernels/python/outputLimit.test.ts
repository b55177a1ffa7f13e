import { afterEach, describe, expect, it, vi } from 'vitest'
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

describe('StreamBatcher', () => {
  afterEach(() => vi.useRealTimers())
  it('joins lines per cell and stream until the interval or a flush, in order', () => {
    vi.useFakeTimers()
    const out: Array<[StreamContent, unknown]> = []
    const b = new StreamBatcher({ intervalMs: 50, emit: (c, p) => void out.push([c, p]) })
    for (let i = 0; i < 1000; i++) b.push('a', { name: 'stdout', text: `line ${i}\n` }, 'A')
    b.push('a', { name: 'stderr', text: 'warn\n' }, 'A')
    expect(out).toEqual([])
    vi.advanceTimersByTime(50)
    expect(out).toHaveLength(2)
    expect(out[0][0].text.split('\n')).toHaveLength(1001)
    expect(out[1]).toEqual([{ name: 'stderr', text: 'warn\n' }, 'A'])
    b.push('b', { name: 'stdout', text: 'x' }, 'B')
    b.flush()
    expect(out[2]).toEqual([{ name: 'stdout', text: 'x' }, 'B'])
  })
})
