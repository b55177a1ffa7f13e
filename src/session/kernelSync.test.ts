import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadTestPyodide } from '../../kernels/python/testing'
import type { Kernel } from '@jupyterlab/services'
import { Workspace } from '../notebook/workspace'
import { memoryEditStore } from '../notebook/__fixtures__/memoryEditStore'
import { syncCode, syncFilesToKernel } from './kernelSync'

describe('syncCode, run by real Python (Pyodide in Node)', () => {
  let py: PyodideAPI
  beforeAll(async () => {
    py = await loadTestPyodide()
    py.FS.mkdirTree('/home/pyodide/repo')
    py.FS.writeFile('/home/pyodide/repo/old.csv', 'a,b\n')
  }, 60_000)

  it('writes new and nested files byte for byte, removes deleted ones, and leaves no names behind', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
    const before = py.runPython('sorted(globals())').toJs()
    const result = py.runPython(
      syncCode('/home/pyodide/repo', [
        { path: 'data/raw/all-bytes.bin', data: bytes },
        { path: 'notes "é".txt', data: new TextEncoder().encode('héllo\n') },
        { path: 'old.csv', data: null },
        { path: 'never-there.txt', data: null },
      ]),
    )
    expect(result).toBeUndefined()
    expect(py.FS.readFile('/home/pyodide/repo/data/raw/all-bytes.bin')).toEqual(bytes)
    expect(py.FS.readFile('/home/pyodide/repo/notes "é".txt', { encoding: 'utf8' })).toBe('héllo\n')
    expect(py.FS.analyzePath('/home/pyodide/repo/old.csv').exists).toBe(false)
    expect(py.runPython('sorted(globals())').toJs()).toEqual(before)
  })

  it('makes empty folders, and removes a folder with what is in it', () => {
    py.runPython(
      syncCode('/home/pyodide/repo', [
        { path: 'results/2024', data: 'folder' },
        { path: 'old/x.txt', data: new Uint8Array([1]) },
      ]),
    )
    expect(
      py
        .runPython("sorted(os.listdir('/home/pyodide/repo/results'))", { globals: py.toPy({ os: py.pyimport('os') }) })
        .toJs(),
    ).toEqual(['2024'])
    py.FS.writeFile('/home/pyodide/repo/old/written-by-python.bin', 'x')
    py.runPython(
      syncCode('/home/pyodide/repo', [
        { path: 'old/x.txt', data: null },
        { path: 'old', data: null },
      ]),
    )
    expect(py.FS.analyzePath('/home/pyodide/repo/old').exists).toBe(false)
    expect(py.FS.analyzePath('/home/pyodide/repo/results/2024').exists).toBe(true)
  })
})

describe('syncFilesToKernel with files coming back from the kernel', () => {
  const enc = (s: string) => new TextEncoder().encode(s)
  async function setUp() {
    const ws = await Workspace.load([{ path: 'in.csv', data: enc('a\n') }], memoryEditStore())
    const sent: string[] = []
    // Each request's reply, settled by the test: the kernel reports files before it replies.
    const replies: Array<() => void> = []
    const kernel = {
      name: 'python3',
      requestExecute(c: { code: string }) {
        sent.push(c.code)
        const done = new Promise<void>((resolve) => replies.push(resolve))
        return { msg: { header: { msg_id: `sync-${sent.length}` } }, done }
      },
    }
    // The fake has only what syncFilesToKernel calls on a kernel connection.
    const sync = syncFilesToKernel(ws, '/home/pyodide/r', () => kernel as unknown as Kernel.IKernelConnection)
    return { ws, sent, sync, replies }
  }
  const flushed = () => new Promise((r) => setTimeout(r, 700))

  it('keeps what the code wrote or deleted, and does not send it back to the kernel', async () => {
    const { ws, sent, sync } = await setUp()
    await sync.fromKernel({ changed: [{ path: 'out.csv', data: enc('x\n') }], removed: ['in.csv'], tooBig: [] })
    expect(ws.text('out.csv')).toBe('x\n')
    expect(ws.status('out.csv')).toBe('added')
    expect(ws.has('in.csv')).toBe(false)
    await new Promise((r) => setTimeout(r, 700))
    expect(sent).toEqual([])
  })

  it('sends folders the user makes, renames and deletes', async () => {
    const { ws, sent, sync } = await setUp()
    await ws.mkdir('results')
    await new Promise((r) => setTimeout(r, 700))
    expect(sent).toEqual([syncCode('/home/pyodide/r', [{ path: 'results', data: 'folder' }])])
    await ws.renameDir('results', 'reports')
    await new Promise((r) => setTimeout(r, 700))
    expect(sent[1]).toBe(
      syncCode('/home/pyodide/r', [
        { path: 'reports', data: 'folder' },
        { path: 'results', data: null },
      ]),
    )
    await ws.removeDir('reports')
    await new Promise((r) => setTimeout(r, 700))
    expect(sent[2]).toBe(syncCode('/home/pyodide/r', [{ path: 'reports', data: null }]))
    sync.stop()
  })

  it('ignores the echo of a file the page sent, even after the user edited it again', async () => {
    const { ws, sent, sync } = await setUp()
    await ws.write('notes.txt', 'first')
    await new Promise((r) => setTimeout(r, 700))
    expect(sent).toHaveLength(1)
    await ws.write('notes.txt', 'second')
    // The kernel reports the write the page made ('first'): the user's newer text stays.
    const echo = { changed: [{ path: 'notes.txt', data: enc('first') }], removed: [], tooBig: [] }
    await sync.fromKernel(echo, undefined, 'sync-1')
    expect(ws.text('notes.txt')).toBe('second')
    sync.stop()
  })

  it('ignores echoes of older sends that arrive after newer ones: an edit, a revert and a restore', async () => {
    // A kernel still booting runs the page's syncs late, one after the other (the CI failure of
    // history.spec): each report must be matched to its own request, not to the latest send.
    const { ws, sent, sync, replies } = await setUp()
    const file = (data: string) => ({ changed: [{ path: 'in.csv', data: enc(data) }], removed: [], tooBig: [] })
    for (const text of ['mine\n', 'a\n', 'mine\n']) {
      await ws.write('in.csv', text)
      await flushed()
    }
    expect(sent).toHaveLength(3)
    await sync.fromKernel(file('mine\n'), undefined, 'sync-1')
    replies[0]()
    await sync.fromKernel(file('a\n'), undefined, 'sync-2')
    replies[1]()
    expect(ws.text('in.csv')).toBe('mine\n')
    // A file added, then deleted: the echo of its write does not bring it back.
    await ws.write('notes.txt', 'milk')
    await flushed()
    await ws.remove('notes.txt')
    await flushed()
    await sync.fromKernel(
      { changed: [{ path: 'notes.txt', data: enc('milk') }], removed: [], tooBig: [] },
      undefined,
      'sync-4',
    )
    expect(ws.has('notes.txt')).toBe(false)
    // What a cell writes (another request) is kept, even when the page once sent the same bytes.
    await sync.fromKernel(file('a\n'), undefined, 'cell-1')
    expect(ws.text('in.csv')).toBe('a\n')
    sync.stop()
  })

  it('gives an R kernel the changes through its sink, not as Python code', async () => {
    const ws = await Workspace.load([{ path: 'in.csv', data: enc('a\n') }], memoryEditStore())
    const executed: string[] = []
    const sunk: Array<Array<{ path: string; data: unknown }>> = []
    const kernel = { id: 'k-r', name: 'ir', requestExecute: (c: { code: string }) => void executed.push(c.code) }
    const sync = syncFilesToKernel(
      ws,
      '/home/pyodide/r',
      () => kernel as unknown as Kernel.IKernelConnection,
      (id) => (id === 'k-r' ? async (files) => void sunk.push(files) : undefined),
    )
    await ws.mkdir('plots')
    await ws.write('plots/a.txt', 'x')
    await expect.poll(() => sunk.flat().map((f) => f.path)).toEqual(['plots', 'plots/a.txt'])
    expect(sunk.flat()[1].data).toEqual(enc('x'))
    await ws.remove('in.csv')
    await expect.poll(() => sunk.at(-1)).toEqual([{ path: 'in.csv', data: null }])
    expect(executed).toEqual([])
    sync.stop()
  })

  it('sends nothing to a kernel that is neither Python nor has a sink', async () => {
    const ws = await Workspace.load([], memoryEditStore())
    const executed: string[] = []
    const kernel = { id: 'k-x', name: 'ir', requestExecute: (c: { code: string }) => void executed.push(c.code) }
    const sync = syncFilesToKernel(ws, '/x', () => kernel as unknown as Kernel.IKernelConnection)
    await ws.mkdir('kept')
    await new Promise((r) => setTimeout(r, 700))
    expect(executed).toEqual([])
    sync.stop()
  })
})
