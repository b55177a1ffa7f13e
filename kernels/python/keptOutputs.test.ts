import { describe, expect, it } from 'vitest'
import { KeptOutputs } from './keptOutputs'

describe('KeptOutputs', () => {
  it('keeps each output up to its own cap, counting what it could not keep', () => {
    const k = new KeptOutputs({ maxTotalBytes: 100 })
    const a = k.start('a')
    k.append('a', '12345', 8)
    k.append('a', '6789', 8)
    expect(a).toMatchObject({ chunks: ['12345'], keptBytes: 5, totalBytes: 9, isClipped: true, isDropped: false })
    expect(k.totalBytes).toBe(5)
  })

  it('drops the oldest outputs, never the one being written, to stay within the page budget', () => {
    const k = new KeptOutputs({ maxTotalBytes: 10 })
    const a = k.start('a')
    k.append('a', 'aaaa', 100)
    const b = k.start('b')
    k.append('b', 'bbbb', 100)
    k.start('c')
    k.append('c', 'cc', 100)
    expect(k.totalBytes).toBe(10)
    k.append('c', 'cc', 100)
    expect(a).toMatchObject({ isDropped: true, chunks: [], keptBytes: 0 })
    expect(k.get('a')).toBeUndefined()
    expect(k.wasDropped('a')).toBe(true)
    expect(k.wasDropped('b')).toBe(false)
    expect(b.isDropped).toBe(false)
    expect(k.get('c')!.chunks.join('')).toBe('cccc')
    expect(k.totalBytes).toBe(8)
  })

  it('clips an output that alone would pass the budget instead of dropping it', () => {
    const k = new KeptOutputs({ maxTotalBytes: 6 })
    k.start('old')
    k.append('old', 'oo', 100)
    const big = k.start('big')
    k.append('big', 'bbbb', 100)
    k.append('big', 'bbbb', 100)
    expect(k.get('old')).toBeUndefined()
    expect(big).toMatchObject({ chunks: ['bbbb'], keptBytes: 4, totalBytes: 8, isClipped: true, isDropped: false })
    expect(k.totalBytes).toBe(4)
  })
})
