import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { Workspace } from './workspace'
import { memoryEditStore } from './__fixtures__/memoryEditStore'

const enc = (s: string) => new TextEncoder().encode(s)
const commit = [
  { path: 'analysis.ipynb', data: enc('{"cells": []}') },
  { path: 'data.csv', data: enc('a,b\n1,2\n') },
  { path: 'img/logo.png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
]

describe('Workspace', () => {
  it('applies saved edits and deletions over the commit when it loads', async () => {
    const store = memoryEditStore([
      { path: 'data.csv', content: 'a,b\n3,4\n' },
      { path: 'img/logo.png', deleted: true },
      { path: 'notes.md', content: '# mine' },
    ])
    const ws = await Workspace.load(commit, store)
    expect(ws.text('data.csv')).toBe('a,b\n3,4\n')
    expect(ws.has('img/logo.png')).toBe(false)
    expect(ws.files().map((f) => [f.path, f.status])).toEqual([
      ['analysis.ipynb', 'unchanged'],
      ['data.csv', 'modified'],
      ['notes.md', 'added'],
    ])
    expect(ws.deleted()).toEqual(['img/logo.png'])
    expect(
      ws
        .kernelFiles()
        .map((f) => f.path)
        .sort(),
    ).toEqual(['analysis.ipynb', 'data.csv', 'notes.md'])
  })

  it('keeps text as text and uploads as bytes in the store', async () => {
    const store = memoryEditStore()
    const ws = await Workspace.load(commit, store)
    await ws.write('data.csv', enc('x\n'))
    await ws.write('photo.png', new Uint8Array([1, 2, 3]))
    expect(store.records.get('data.csv')).toEqual({ path: 'data.csv', content: 'x\n' })
    expect(store.records.get('photo.png')?.bytes).toEqual(new Uint8Array([1, 2, 3]))
  })

  it('records a rename as the new file plus a deletion of the commit file, and survives a reload', async () => {
    const store = memoryEditStore()
    const ws = await Workspace.load(commit, store)
    await ws.rename('data.csv', 'raw/data.csv')
    const again = await Workspace.load(commit, store)
    expect(again.has('data.csv')).toBe(false)
    expect(again.text('raw/data.csv')).toBe('a,b\n1,2\n')
    expect(again.status('raw/data.csv')).toBe('added')
    expect(again.isDir('raw')).toBe(true)
  })

  it('renaming a file the user added leaves no deletion mark behind', async () => {
    const store = memoryEditStore()
    const ws = await Workspace.load(commit, store)
    await ws.write('draft.py', 'x = 1\n')
    await ws.rename('draft.py', 'final.py')
    expect([...store.records.keys()]).toEqual(['final.py'])
  })

  it('reverts an edit, an added file and a deletion', async () => {
    const store = memoryEditStore()
    const ws = await Workspace.load(commit, store)
    await ws.write('data.csv', 'changed')
    await ws.write('new.txt', 'hi')
    await ws.remove('analysis.ipynb')
    for (const p of ['data.csv', 'new.txt', 'analysis.ipynb']) await ws.revert(p)
    expect(store.records.size).toBe(0)
    expect(ws.text('data.csv')).toBe('a,b\n1,2\n')
    expect(ws.has('new.txt')).toBe(false)
    expect(ws.status('analysis.ipynb')).toBe('unchanged')
  })

  it('an edit back to the commit content counts as unchanged, and export lists only changes', async () => {
    const ws = await Workspace.load(commit, memoryEditStore())
    await ws.write('data.csv', 'other')
    await ws.write('data.csv', 'a,b\n1,2\n')
    await ws.write('notes.md', '# n')
    expect(ws.status('data.csv')).toBe('unchanged')
    expect(ws.changedFiles().map((f) => f.path)).toEqual(['notes.md'])
  })

  it('a notebook saved with new metadata or formatting but the same cells is unchanged', async () => {
    const nb = {
      cells: [{ cell_type: 'code', source: ['a = 1\n', 'a'], outputs: [] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 4,
    }
    const ws = await Workspace.load([{ path: 'n.ipynb', data: enc(JSON.stringify(nb)) }], memoryEditStore())
    const resaved = {
      ...nb,
      cells: [{ ...nb.cells[0], id: 'x1', source: 'a = 1\na' }],
      metadata: { language_info: { name: 'python' } },
    }
    await ws.write('n.ipynb', JSON.stringify(resaved, null, 1))
    expect(ws.status('n.ipynb')).toBe('unchanged')
    await ws.write('n.ipynb', JSON.stringify({ ...resaved, cells: [{ ...resaved.cells[0], source: 'a = 2' }] }))
    expect(ws.status('n.ipynb')).toBe('modified')
  })

  it('finds free names and tells listeners about changes', async () => {
    const ws = await Workspace.load(commit, memoryEditStore())
    let calls = 0
    ws.onChange(() => calls++)
    await ws.write('untitled.py', '')
    expect(ws.freeName('', 'untitled', '.py')).toBe('untitled1.py')
    expect(ws.freeName('img', 'logo', '.png')).toBe('img/logo1.png')
    expect(calls).toBe(1)
  })

  it('treats known text types and extensionless files as text, others as binary', async () => {
    const ws = await Workspace.load(commit, memoryEditStore())
    expect(ws.isBinary('a/helper.py')).toBe(false)
    expect(ws.isBinary('Dockerfile')).toBe(false)
    expect(ws.isBinary('logo.png')).toBe(true)
  })

  it('keeps an empty folder the user made across a reload, as a `dir/` record', async () => {
    const store = memoryEditStore()
    const ws = await Workspace.load(commit, store)
    await ws.mkdir('results/2024')
    expect(ws.isDir('results')).toBe(true)
    expect(ws.isDir('results/2024')).toBe(true)
    expect(store.records.get('results/2024/')).toEqual({ path: 'results/2024/', content: '' })
    const again = await Workspace.load(commit, store)
    expect(again.folders()).toEqual(['img', 'results', 'results/2024'])
    // Not a file: nothing to show or export; the kernel gets it as a folder to make.
    expect(again.files().map((f) => f.path)).not.toContain('results/2024/')
    expect(again.changedFiles()).toEqual([])
    expect(again.emptyFolders()).toEqual(['results/2024'])
    expect(again.kernelFiles().filter((f) => f.path.endsWith('/'))).toEqual([
      { path: 'results/2024/', data: new Uint8Array() },
    ])
    await expect(again.mkdir('results')).rejects.toMatchObject({
      code: 'NAME_TAKEN',
      data: { path: 'results', isFolder: true },
    })
    await expect(again.mkdir('data.csv/x')).rejects.toMatchObject({
      code: 'NAME_TAKEN',
      data: { path: 'data.csv', isFolder: false },
    })
  })

  it('renames and deletes folders with everything in them', async () => {
    const store = memoryEditStore()
    const ws = await Workspace.load(commit, store)
    await ws.mkdir('img/empty')
    await ws.renameDir('img', 'pictures')
    expect(ws.has('pictures/logo.png')).toBe(true)
    expect(ws.has('img/logo.png')).toBe(false)
    expect(ws.folders()).toEqual(['pictures', 'pictures/empty'])
    expect(ws.deleted()).toEqual(['img/logo.png'])
    expect([...store.records.keys()].sort()).toEqual(['img/logo.png', 'pictures/empty/', 'pictures/logo.png'])
    await expect(ws.renameDir('pictures', 'pictures/inner')).rejects.toMatchObject({
      code: 'BAD_FILE_NAME',
      data: { rule: 'inside-itself' },
    })

    await ws.removeDir('pictures')
    expect(ws.folders()).toEqual([])
    expect(ws.isDir('pictures')).toBe(false)
    expect([...store.records.keys()]).toEqual(['img/logo.png'])
  })

  it('refuses bad and taken names with typed errors, changing nothing', async () => {
    const store = memoryEditStore()
    const ws = await Workspace.load(commit, store)
    await expect(ws.mkdir('a//b')).rejects.toMatchObject({ code: 'BAD_FILE_NAME', data: { rule: 'empty-part' } })
    await expect(ws.mkdir('.git')).rejects.toMatchObject({
      code: 'BAD_FILE_NAME',
      data: { rule: 'reserved', part: '.git' },
    })
    await expect(ws.rename('data.csv', '../up.csv')).rejects.toMatchObject({
      code: 'BAD_FILE_NAME',
      data: { rule: 'outside' },
    })
    await expect(ws.rename('data.csv', 'img')).rejects.toMatchObject({
      code: 'NAME_TAKEN',
      data: { path: 'img', isFolder: true },
    })
    await expect(ws.rename('data.csv', 'analysis.ipynb')).rejects.toMatchObject({
      code: 'NAME_TAKEN',
      data: { path: 'analysis.ipynb', isFolder: false },
    })
    await expect(ws.renameDir('img', 'data.csv')).rejects.toMatchObject({ code: 'NAME_TAKEN' })
    await expect(ws.renameDir('img', 'x\ty')).rejects.toMatchObject({
      code: 'BAD_FILE_NAME',
      data: { rule: 'control' },
    })
    await expect(ws.rename('nothing.txt', 'b.txt')).rejects.toMatchObject({ code: 'INTERNAL' })
    expect(store.records.size).toBe(0)
    expect(ws.folders()).toEqual(['img'])
  })

  it('tells listeners about every folder a rename or delete makes or removes (the kernel mirrors them)', async () => {
    const ws = await Workspace.load(commit, memoryEditStore())
    await ws.mkdir('img/empty')
    const seen: string[] = []
    ws.onChange((p) => seen.push(p))
    await ws.renameDir('img', 'pictures')
    expect(seen).toEqual(['pictures/empty', 'pictures/logo.png', 'img/logo.png', 'img/empty', 'img'])
    seen.length = 0
    await ws.removeDir('pictures')
    expect(seen).toEqual(['pictures/logo.png', 'pictures/empty', 'pictures'])
  })

  it('a save that found no room stays in the workspace and is stored by the next retry once there is room', async () => {
    const store = memoryEditStore()
    let isFull = true
    const put = store.put
    store.put = async (path, content, base) => {
      if (isFull) throw new AppError('STORAGE_FULL', 'no room', { what: path })
      return put(path, content, base)
    }
    const ws = await Workspace.load(commit, store)
    await expect(ws.saveDocument('data.csv', 'a,b\n3,4\n')).rejects.toMatchObject({ code: 'STORAGE_FULL' })
    expect(ws.text('data.csv')).toBe('a,b\n3,4\n')
    expect(await ws.retryUnsaved()).toBe(false)
    expect(store.records.has('data.csv')).toBe(false)
    isFull = false
    expect(await ws.retryUnsaved()).toBe(true)
    expect(store.records.get('data.csv')?.content).toBe('a,b\n3,4\n')
  })

  it("a document's save of a file another tab renamed, even one already waiting, goes to the new name", async () => {
    const store = memoryEditStore()
    const put = store.put
    let release = () => {}
    const held = new Promise<void>((r) => (release = r))
    store.put = async (path, content, base) => {
      await held
      return put(path, content, base)
    }
    const ws = await Workspace.load(commit, store)
    ws.onConflict(async () => 'mine')
    // A save of data.csv waits in line; another tab's rename of it is heard meanwhile.
    const waiting = ws.saveDocument('data.csv', 'a,b\nwaiting\n')
    ws.applyRemote('moved.csv', { path: 'moved.csv', content: 'a,b\n1,2\n' }, 5)
    ws.followMove('data.csv', 'moved.csv', { path: 'data.csv', deleted: true }, 6)
    release()
    await waiting
    await ws.saveDocument('data.csv', 'a,b\nlater\n')
    expect(ws.has('data.csv')).toBe(false)
    expect(store.records.has('data.csv')).toBe(false)
    expect(store.records.get('moved.csv')?.content).toBe('a,b\nlater\n')
    expect(ws.text('moved.csv')).toBe('a,b\nlater\n')
  })
})
