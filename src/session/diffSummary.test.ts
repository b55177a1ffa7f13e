import { describe, expect, it } from 'vitest'
import { diffSummary } from './diffSummary'

describe('diffSummary', () => {
  it('counts lines the version has and the file lacks, and the other way round', () => {
    expect(diffSummary('a.py', 'x = 1\ny = 2\nz = 3', 'x = 1\nz = 4')).toEqual({
      added: 2,
      removed: 1,
      isComparable: true,
    })
  })
  it("compares a notebook's cell sources, not its JSON", () => {
    const nb = (src: string[]) => JSON.stringify({ cells: src.map((s) => ({ source: s, outputs: [] })) }, null, 1)
    expect(diffSummary('n.ipynb', nb(['a = 1', 'b = 2']), nb(['a = 1', 'b = 3']))).toEqual({
      added: 1,
      removed: 1,
      isComparable: true,
    })
  })
  it('says when there is nothing to compare (bytes)', () => {
    expect(diffSummary('logo.png', undefined, 'x').isComparable).toBe(false)
  })
})
