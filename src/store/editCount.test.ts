import { describe, expect, it } from 'vitest'
import { isMetadataOnlySave, isUserEdit } from './editCount'

const nb = (cells: Array<{ cell_type: string; source: string | string[] }>, metadata: object = {}) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata,
    cells: cells.map((c) => ({ ...c, metadata: {}, outputs: [] })),
  })

const original = nb([
  { cell_type: 'markdown', source: ['# Title\n', 'text'] },
  { cell_type: 'code', source: '1 + 2' },
])

describe('isMetadataOnlySave', () => {
  it('is true when only metadata changed (JupyterLab saving on open), whatever the source form', () => {
    const saved = nb(
      [
        { cell_type: 'markdown', source: '# Title\ntext' },
        { cell_type: 'code', source: '1 + 2' },
      ],
      { kernelspec: { name: 'python3' } },
    )
    expect(isMetadataOnlySave(saved, original)).toBe(true)
  })

  it('is false when a cell changed, a cell with source was added, a type changed, or the text is not a notebook', () => {
    expect(
      isMetadataOnlySave(
        nb([
          { cell_type: 'markdown', source: '# Title\ntext' },
          { cell_type: 'code', source: '1 + 2 + 40' },
        ]),
        original,
      ),
    ).toBe(false)
    expect(
      isMetadataOnlySave(
        nb([
          { cell_type: 'markdown', source: '# Title\ntext' },
          { cell_type: 'code', source: '1 + 2' },
          { cell_type: 'code', source: 'print(3)' },
        ]),
        original,
      ),
    ).toBe(false)
    expect(
      isMetadataOnlySave(
        nb([
          { cell_type: 'markdown', source: '# Title\ntext' },
          { cell_type: 'markdown', source: '1 + 2' },
        ]),
        original,
      ),
    ).toBe(false)
    expect(isMetadataOnlySave('not json', original)).toBe(false)
  })
})

describe('isUserEdit', () => {
  it('does not count folder markers or metadata-only notebook saves', () => {
    expect(isUserEdit({ path: 'results/', content: '' })).toBe(false)
    expect(
      isUserEdit(
        {
          path: 'a.ipynb',
          content: nb(
            [
              { cell_type: 'markdown', source: '# Title\ntext' },
              { cell_type: 'code', source: '1 + 2' },
            ],
            { x: 1 },
          ),
        },
        original,
      ),
    ).toBe(false)
  })

  it('counts real edits, deletions, uploads, and notebook saves whose original is unknown', () => {
    expect(isUserEdit({ path: 'a.ipynb', content: nb([{ cell_type: 'code', source: 'x' }]) }, original)).toBe(true)
    expect(isUserEdit({ path: 'a.ipynb', content: original })).toBe(true)
    expect(isUserEdit({ path: 'a.ipynb', content: '', deleted: true }, original)).toBe(true)
    expect(isUserEdit({ path: 'data.csv', content: 'x\n' })).toBe(true)
    expect(isUserEdit({ path: 'photo.png', content: '', bytes: new Uint8Array([1]) })).toBe(true)
  })
})
