import { describe, expect, it } from 'vitest'
import { notebookCellsKey } from './notebookCells'

const nb = (cells: object[], metadata = {}) => JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 })
const repo = nb([
  { cell_type: 'markdown', metadata: {}, source: ['# Survey'] },
  { cell_type: 'code', metadata: {}, source: ['x = 1\n', 'x'], outputs: [], execution_count: null },
])

describe('notebookCellsKey', () => {
  it('is the same after running cells: outputs, counts, ids, metadata and the empty cell Shift+Enter adds', () => {
    const ran = nb(
      [
        { id: 'a', cell_type: 'markdown', metadata: {}, source: '# Survey' },
        {
          id: 'b',
          cell_type: 'code',
          metadata: {},
          source: 'x = 1\nx',
          outputs: [{ output_type: 'x' }],
          execution_count: 1,
        },
        { id: 'c', cell_type: 'code', metadata: {}, source: '', outputs: [], execution_count: null },
      ],
      { language_info: { name: 'python', version: '3.14' } },
    )
    expect(notebookCellsKey(ran)).toBe(notebookCellsKey(repo))
  })

  it('differs when a source or a cell type changes, or cells move', () => {
    const key = notebookCellsKey(repo)
    expect(notebookCellsKey(repo.replace('x = 1', 'x = 2'))).not.toBe(key)
    expect(notebookCellsKey(repo.replace('"markdown"', '"raw"'))).not.toBe(key)
    const moved = nb([
      { cell_type: 'code', metadata: {}, source: 'x = 1\nx' },
      { cell_type: 'markdown', metadata: {}, source: '# Survey' },
    ])
    expect(notebookCellsKey(moved)).not.toBe(key)
  })

  it('is undefined for what is not a notebook', () => {
    expect(notebookCellsKey('not json')).toBeUndefined()
    expect(notebookCellsKey('{"cells": 3}')).toBeUndefined()
  })
})
