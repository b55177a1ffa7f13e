import { describe, expect, it } from 'vitest'
import { chooseNotebook } from './chooseNotebook'

describe('chooseNotebook', () => {
  it('opens the named notebook, the only one, or lists them', () => {
    expect(chooseNotebook(['a.ipynb', 'sub/b.ipynb'], 'sub/b.ipynb')).toEqual({ kind: 'open', path: 'sub/b.ipynb' })
    expect(chooseNotebook(['a.ipynb'])).toEqual({ kind: 'open', path: 'a.ipynb' })
    expect(chooseNotebook(['a.ipynb', 'sub/b.ipynb'])).toEqual({ kind: 'list', paths: ['a.ipynb', 'sub/b.ipynb'] })
    expect(chooseNotebook([])).toEqual({ kind: 'none' })
  })

  it('opens another named file beside the first notebook', () => {
    expect(chooseNotebook(['a.ipynb', 'b.ipynb'], 'README.md', ['README.md', 'a.ipynb', 'b.ipynb'])).toEqual({
      kind: 'open',
      path: 'a.ipynb',
      alsoOpen: 'README.md',
    })
  })

  it('opens a jupytext text notebook named by labpath as the notebook, also with no .ipynb', () => {
    const isText = (p: string) => p === 'notes.md'
    expect(chooseNotebook(['a.ipynb'], 'notes.md', ['a.ipynb', 'notes.md', 'README.md'], isText)).toEqual({
      kind: 'open',
      path: 'notes.md',
    })
    expect(chooseNotebook([], 'notes.md', ['notes.md'], isText)).toEqual({ kind: 'open', path: 'notes.md' })
    expect(chooseNotebook(['a.ipynb'], 'README.md', ['a.ipynb', 'notes.md', 'README.md'], isText)).toEqual({
      kind: 'open',
      path: 'a.ipynb',
      alsoOpen: 'README.md',
    })
  })

  it('lists the notebooks with a notice when the named one is missing', () => {
    expect(chooseNotebook(['a.ipynb'], 'nope.ipynb')).toEqual({
      kind: 'list',
      paths: ['a.ipynb'],
      missing: 'nope.ipynb',
    })
  })
})

describe('chooseNotebook: a folder named by tree/<folder> or voila/tree/<folder>', () => {
  it("lists the folder's notebooks; a folder without any lists them all", () => {
    const nbs = ['a.ipynb', 'apps/x.ipynb', 'apps/deep/y.ipynb', 'apps-other/z.ipynb']
    expect(chooseNotebook(nbs, 'apps')).toEqual({ kind: 'list', paths: ['apps/x.ipynb', 'apps/deep/y.ipynb'] })
    expect(chooseNotebook(nbs, 'docs', ['docs/readme.md'])).toEqual({ kind: 'list', paths: nbs, missing: 'docs' })
  })
})
