import { describe, expect, it } from 'vitest'
import { folderRestorePlan, goneFolders } from './folderRestore'

describe('goneFolders', () => {
  it('names the outermost folder that no longer exists, once, and no folder that still does', () => {
    const dirs = new Set(['kept', 'kept/sub'])
    const gone = ['old/a.py', 'old/deep/b.py', 'old/deep/er/c.txt', 'kept/d.py', 'kept/gone/e.py', 'top.md']
    expect(goneFolders(gone, (d) => dirs.has(d))).toEqual(['kept/gone', 'old'])
  })
})

describe('folderRestorePlan', () => {
  it('brings back every gone file under the folder, nested ones too, and nothing beside it', () => {
    const files = [
      { path: 'old/a.py', isGone: true },
      { path: 'old/deep/b.py', isGone: true },
      { path: 'old/here.py', isGone: false },
      { path: 'older/x.py', isGone: true },
      { path: 'a.py', isGone: true },
    ]
    expect(folderRestorePlan(files, 'old')).toEqual(['old/a.py', 'old/deep/b.py'])
  })
})
