// Files written by cells are reported after the cell, under real Pyodide in Node.
import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import { FileWatch } from './file-watch'
import type { KernelEvent } from './protocol'
import { loadTestPyodide, startTestHost } from './testing'

const utf8 = (s: string) => new TextEncoder().encode(s)
let pyodide: PyodideAPI
let kernel: Awaited<ReturnType<typeof startTestHost>>

beforeAll(async () => {
  pyodide = await loadTestPyodide()
  kernel = await startTestHost(
    pyodide,
    {},
    {
      cwd: '/home/pyodide/watched',
      files: [
        { path: 'data/in.csv', data: utf8('a\n1\n') },
        { path: 'helper.py', data: utf8('X = 1\n') },
      ],
    },
  )
})

const filesEvent = (events: KernelEvent[]) => events.find((e) => e.type === 'files_changed')

describe('files written by a cell', () => {
  it('reports new, changed and deleted files under the working directory, not the files the page wrote', async () => {
    const { events } = await kernel.run(
      "import os, helper\nopen('out.csv', 'w').write('x,y\\n1,2\\n')\nos.makedirs('res/deep')\nopen('res/deep/r.bin', 'wb').write(bytes(range(4)))\nos.remove('data/in.csv')",
    )
    const report = filesEvent(events)
    expect(report?.type === 'files_changed' && report.content).toEqual({
      changed: [
        { path: 'out.csv', data: utf8('x,y\n1,2\n') },
        { path: 'res/deep/r.bin', data: new Uint8Array([0, 1, 2, 3]) },
      ],
      removed: ['data/in.csv'],
      tooBig: [],
    })
    // `import helper` wrote __pycache__/helper.*.pyc: a cache, not reported.
  })

  it('says nothing after a cell that writes nothing, and reports a rewrite of the same size', async () => {
    expect(filesEvent((await kernel.run('1 + 1')).events)).toBeUndefined()
    await new Promise((r) => setTimeout(r, 5))
    const { events } = await kernel.run("open('out.csv', 'w').write('x,y\\n3,4\\n')")
    const report = filesEvent(events)
    expect(report?.type === 'files_changed' && report.content.changed).toEqual([
      { path: 'out.csv', data: utf8('x,y\n3,4\n') },
    ])
  })

  it('names files over the limit without sending them', () => {
    const watch = new FileWatch(pyodide.FS, '/home/pyodide/limited', 10)
    pyodide.FS.mkdirTree('/home/pyodide/limited')
    watch.baseline()
    pyodide.FS.writeFile('/home/pyodide/limited/small.txt', 'tiny')
    pyodide.FS.writeFile('/home/pyodide/limited/big.txt', 'much more than ten bytes')
    expect(watch.changes()).toEqual({
      changed: [{ path: 'small.txt', data: utf8('tiny') }],
      removed: [],
      tooBig: [{ path: 'big.txt', size: 24 }],
    })
    expect(watch.changes()).toBeUndefined()
  })

  it('reports a file rewritten within the same millisecond, since the cell touched it', () => {
    const root = '/home/pyodide/quick'
    pyodide.FS.mkdirTree(root)
    pyodide.FS.writeFile(`${root}/a.txt`, 'one')
    const watch = new FileWatch(pyodide.FS, root)
    watch.baseline()
    pyodide.runPython(`open('${root}/a.txt', 'w').write('two')`)
    expect(watch.changes()).toEqual({ changed: [{ path: 'a.txt', data: utf8('two') }], removed: [], tooBig: [] })
  })
})

/** Runs `fn` counting the FS calls the watch makes (Python is not running meanwhile); calls the
 *  FS makes inside those (readFile stats its file) are not counted again. */
function counted<T>(fn: () => T): { result: T; calls: Record<'stat' | 'readdir' | 'readFile', number> } {
  const calls = { stat: 0, readdir: 0, readFile: 0 }
  const FS: Record<string, unknown> = pyodide.FS
  const saved = Object.keys(calls).map((name) => [name, FS[name]] as const)
  let depth = 0
  for (const [name, original] of saved) {
    FS[name] = (...args: unknown[]) => {
      if (depth === 0) calls[name as keyof typeof calls]++
      depth++
      try {
        return (original as (...a: unknown[]) => unknown).apply(pyodide.FS, args)
      } finally {
        depth--
      }
    }
  }
  try {
    return { result: fn(), calls }
  } finally {
    for (const [name, original] of saved) FS[name] = original
  }
}

describe('in a folder of thousands of files', () => {
  const root = '/home/pyodide/big'
  let watch: FileWatch
  beforeAll(() => {
    pyodide.runPython(
      `import os\nfor d in range(30):\n  os.makedirs(f'${root}/d{d}', exist_ok=True)\n  for i in range(100): open(f'${root}/d{d}/f{i}.txt', 'w').write(str(i))`,
    )
    watch = new FileWatch(pyodide.FS, root)
    const { calls } = counted(() => watch.baseline())
    expect(calls.stat).toBeGreaterThanOrEqual(3030) // the one walk, when the kernel starts
  })

  it('a cell touching one file costs one stat and one read', () => {
    pyodide.runPython(`open('${root}/d7/f42.txt', 'w').write('changed')`)
    const { result, calls } = counted(() => watch.changes())
    expect(result).toEqual({ changed: [{ path: 'd7/f42.txt', data: utf8('changed') }], removed: [], tooBig: [] })
    expect(calls).toEqual({ stat: 1, readdir: 0, readFile: 1 })
  })

  it('a cell touching nothing costs nothing', () => {
    pyodide.runPython('sum(range(10))')
    const { result, calls } = counted(() => watch.changes())
    expect(result).toBeUndefined()
    expect(calls).toEqual({ stat: 0, readdir: 0, readFile: 0 })
  })

  it('new, deleted and renamed files cost a stat each', () => {
    pyodide.runPython(
      `import os\nopen('${root}/new.csv', 'w').write('n')\nos.remove('${root}/d1/f1.txt')\nos.rename('${root}/d2/f2.txt', '${root}/d2/g2.txt')`,
    )
    const { result, calls } = counted(() => watch.changes())
    expect(result).toEqual({
      changed: [
        { path: 'd2/g2.txt', data: utf8('2') },
        { path: 'new.csv', data: utf8('n') },
      ],
      removed: ['d1/f1.txt', 'd2/f2.txt'],
      tooBig: [],
    })
    expect(calls).toEqual({ stat: 4, readdir: 0, readFile: 2 })
  })

  it('a renamed or removed folder is walked alone, its old files named from the index', () => {
    pyodide.runPython(
      `import os, shutil\nos.rename('${root}/d3', '${root}/e3')\nshutil.rmtree('${root}/d4')\nos.makedirs('${root}/empty')`,
    )
    const { result, calls } = counted(() => watch.changes())
    expect(result?.changed.map((c) => c.path)).toEqual([...Array(100).keys()].map((i) => `e3/f${i}.txt`).sort())
    expect(result?.removed).toEqual(
      [
        ...[...Array(100).keys()].map((i) => `d3/f${i}.txt`),
        ...[...Array(100).keys()].map((i) => `d4/f${i}.txt`),
      ].sort(),
    )
    // d3, d4, e3, empty; e3's and empty's listings and e3's 100 files: nothing of the other 2,700.
    expect(calls.readdir).toBe(2)
    expect(calls.stat).toBeLessThanOrEqual(4 + 100)
  })
})
