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
  kernel = await startTestHost(pyodide, {}, { cwd: '/home/pyodide/watched', files: [{ path: 'data/in.csv', data: utf8('a\n1\n') }, { path: 'helper.py', data: utf8('X = 1\n') }] })
})

const filesEvent = (events: KernelEvent[]) => events.find((e) => e.type === 'files_changed')

describe('files written by a cell', () => {
  it('reports new, changed and deleted files under the working directory, not the files the page wrote', async () => {
    const { events } = await kernel.run(
      "import os, helper\nopen('out.csv', 'w').write('x,y\\n1,2\\n')\nos.makedirs('res/deep')\nopen('res/deep/r.bin', 'wb').write(bytes(range(4)))\nos.remove('data/in.csv')",
    )
    const report = filesEvent(events)
    expect(report?.type === 'files_changed' && report.content).toEqual({
      changed: [{ path: 'out.csv', data: utf8('x,y\n1,2\n') }, { path: 'res/deep/r.bin', data: new Uint8Array([0, 1, 2, 3]) }],
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
    expect(report?.type === 'files_changed' && report.content.changed).toEqual([{ path: 'out.csv', data: utf8('x,y\n3,4\n') }])
  })

  it('names files over the limit without sending them', () => {
    const watch = new FileWatch(pyodide.FS, '/home/pyodide/limited', 10)
    pyodide.FS.mkdirTree('/home/pyodide/limited')
    watch.baseline()
    pyodide.FS.writeFile('/home/pyodide/limited/small.txt', 'tiny')
    pyodide.FS.writeFile('/home/pyodide/limited/big.txt', 'much more than ten bytes')
    expect(watch.changes()).toEqual({ changed: [{ path: 'small.txt', data: utf8('tiny') }], removed: [], tooBig: [{ path: 'big.txt', size: 24 }] })
    expect(watch.changes()).toBeUndefined()
  })
})
