import { describe, expect, it } from 'vitest'
import { treeRows } from './fileTree'

const file = (path: string) => ({ path, size: 1, status: 'unchanged' as const })
const files = ['b.py', 'A.md', 'data/x.csv', 'data/raw/y.csv', 'src/z.py'].map(file)
const folders = ['data', 'data/raw', 'empty', 'src']

const show = (rows: ReturnType<typeof treeRows>) =>
  rows.map((r) => `${'  '.repeat(r.depth)}${r.kind === 'folder' ? `${r.name}/` : r.name}`)

describe('treeRows', () => {
  it('lists folders first, then files, each by name, nested by depth', () => {
    expect(show(treeRows(files, folders, new Set()))).toEqual([
      'data/',
      '  raw/',
      '    y.csv',
      '  x.csv',
      'empty/',
      'src/',
      '  z.py',
      'A.md',
      'b.py',
    ])
  })

  it('hides what is inside a folded folder', () => {
    const rows = treeRows(files, folders, new Set(['data']))
    expect(show(rows)).toEqual(['data/', 'empty/', 'src/', '  z.py', 'A.md', 'b.py'])
    expect(rows[0]).toMatchObject({ kind: 'folder', path: 'data', isOpen: false })
  })
})
