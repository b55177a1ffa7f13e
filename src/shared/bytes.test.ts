import { describe, expect, it } from 'vitest'
import { formatBytes, sameBytes } from './bytes'

describe('formatBytes', () => {
  it('uses B below a kibibyte, kB below a mebibyte, MB above', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(8.1 * (1 << 20))]).toEqual([
      '0 B',
      '1023 B',
      '1.5 kB',
      '8.1 MB',
    ])
  })
})

describe('sameBytes', () => {
  it('compares contents, not identity', () => {
    expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true)
    expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false)
    expect(sameBytes(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false)
  })
})
