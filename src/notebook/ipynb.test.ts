import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { parseNotebook } from './ipynb'

const nb = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    {
      id: 'a',
      cell_type: 'code',
      metadata: {},
      execution_count: 1,
      source: ['x = 1\n', 'x'],
      outputs: [
        { output_type: 'stream', name: 'stdout', text: ['a\n', 'b\n'] },
        { output_type: 'execute_result', data: { 'text/plain': ['1'] }, metadata: {}, execution_count: 1 },
      ],
    },
    { id: 'b', cell_type: 'markdown', metadata: {}, source: ['# T\n', 'body'] },
  ],
}

describe('parseNotebook', () => {
  it('joins multi-line strings like a Jupyter server', () => {
    const out = parseNotebook('a.ipynb', JSON.stringify(nb)) as { cells: Array<Record<string, unknown>> }
    expect(out.cells[0].source).toBe('x = 1\nx')
    expect(out.cells[0].outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'a\nb\n' },
      { output_type: 'execute_result', data: { 'text/plain': '1' }, metadata: {}, execution_count: 1 },
    ])
    expect(out.cells[1].source).toBe('# T\nbody')
  })

  it.each([
    ['{not json', 'JSON syntax error'],
    ['{"nbformat": 4}', 'no "cells" list'],
    ['{"nbformat": 3, "cells": []}', 'nbformat 3'],
    ['{"nbformat": 4, "cells": [42]}', 'cell 1'],
  ])('rejects %s with BAD_NOTEBOOK', (text, words) => {
    try {
      parseNotebook('bad.ipynb', text)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(AppError)
      expect((e as AppError).code).toBe('BAD_NOTEBOOK')
      expect((e as AppError).message).toContain(words)
    }
  })

  it('drops a trusted flag the file claims for its cells, so stored outputs stay untrusted', () => {
    const claimed = {
      ...nb,
      cells: [
        { ...nb.cells[0], metadata: { trusted: true, tags: ['keep'] } },
        { ...nb.cells[1], metadata: 'odd' },
      ],
    }
    const out = parseNotebook('a.ipynb', JSON.stringify(claimed)) as { cells: Array<{ metadata: unknown }> }
    expect(out.cells[0].metadata).toEqual({ tags: ['keep'] })
    expect(out.cells[1].metadata).toEqual({})
  })
})
