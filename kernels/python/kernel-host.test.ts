import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildWheel } from '../../scripts/lib/wheel.mjs'
import { createKernelHost, type KernelHost } from './kernel-host'
import type { KernelEvent, WorkerMessage } from './protocol'
import { pySources } from './sources'
import { initPayload, loadTestPyodide } from './testing'

const utf8 = (s: string) => new TextEncoder().encode(s)
const CWD = '/home/pyodide/demo'

let pyodide: PyodideAPI
let host: KernelHost
let posted: WorkerMessage[] = []
let nextId = 1
let count = 0

beforeAll(async () => {
  pyodide = await loadTestPyodide()
  host = createKernelHost(pyodide, (m) => posted.push(m), pySources)
  const wheel = buildWheel({ name: 'mypkg', version: '0.1', files: { 'mypkg/__init__.py': 'VALUE = 42\n' } })
  await host.init(
    initPayload({
      cwd: CWD,
      files: [
        { path: 'data/x.csv', data: utf8('a,b\n1,2\n') },
        { path: 'helpers.py', data: utf8('def greet(n):\n    return f"hi {n}"\n') },
      ],
      wheels: [{ filename: wheel.filename, data: wheel.bytes }],
    }),
  )
})

/** Runs one cell; returns its result and the events posted for it, in order. */
async function run(code: string) {
  const id = nextId++
  posted = []
  const result = await host.execute(id, { code, executionCount: ++count })
  const events: KernelEvent[] = posted.flatMap((m) =>
    'id' in m && m.id === id && m.type !== 'response' && m.type !== 'install' ? [m] : [],
  )
  return { result, events, count }
}

const streamTexts = (events: KernelEvent[]) => events.flatMap((e) => (e.type === 'stream' ? [e.content.text] : []))
const plainResult = (events: KernelEvent[]) =>
  events.flatMap((e) => (e.type === 'execute_result' ? [e.content.data['text/plain']] : []))
const errorOf = (events: KernelEvent[]) => events.flatMap((e) => (e.type === 'error' ? [e.content] : []))[0]

describe('kernel host', () => {
  it('streams print output', async () => {
    const { result, events } = await run('print("hello")')
    expect(result).toEqual({ status: 'ok' })
    expect(events).toMatchObject([{ type: 'stream', content: { name: 'stdout', text: 'hello\n' } }])
  })

  it('sends output while the cell runs, one event per line', async () => {
    const { events } = await run('import time\nfor i in range(2):\n    print(i)\n    time.sleep(0.05)')
    expect(streamTexts(events)).toEqual(['0\n', '1\n'])
  })

  it('streams stderr separately', async () => {
    const { events } = await run('import sys\nprint("oops", file=sys.stderr)')
    expect(events).toMatchObject([{ type: 'stream', content: { name: 'stderr', text: 'oops\n' } }])
  })

  it('returns the value of a last expression as execute_result', async () => {
    const { events, count: n } = await run('1 + 2')
    expect(events).toMatchObject([
      { type: 'execute_result', content: { execution_count: n, data: { 'text/plain': '3' }, metadata: {} } },
    ])
  })

  it('keeps one namespace across cells', async () => {
    await run('x = 5')
    expect(plainResult((await run('x * 2')).events)).toEqual(['10'])
  })

  it('adds text/html for objects with _repr_html_', async () => {
    const { events } = await run('class T:\n    def _repr_html_(self):\n        return "<b>t</b>"\nT()')
    expect(events[0]).toMatchObject({ type: 'execute_result', content: { data: { 'text/html': '<b>t</b>' } } })
  })

  it('reports an exception with a traceback that starts in the cell', async () => {
    const { result, events, count: n } = await run('def f():\n    return 1 / 0\nf()')
    expect(result).toMatchObject({ status: 'error', ename: 'ZeroDivisionError', evalue: 'division by zero' })
    const error = errorOf(events)
    const text = error.traceback.join('\n')
    expect(text).toContain(`<cell-${n}>", line 3`)
    expect(text).toContain('return 1 / 0')
    expect(text).not.toMatch(/quire_kernel|executor\.py|_run_cell/)
    expect(error.ename).toBe('ZeroDivisionError')
  })

  it('reports a SyntaxError as an error', async () => {
    const { result, events, count: n } = await run('x = )')
    expect(result).toMatchObject({ status: 'error', ename: 'SyntaxError' })
    const text = errorOf(events).traceback.join('\n')
    expect(text).toContain(`<cell-${n}>`)
    expect(text).not.toMatch(/quire_kernel|executor\.py/)
  })

  it('runs top-level await', async () => {
    const { result, events } = await run('import asyncio\nawait asyncio.sleep(0)\n"done"')
    expect(result).toEqual({ status: 'ok' })
    expect(plainResult(events)).toEqual(["'done'"])
  })

  it('writes the repository files into cwd and makes it importable', async () => {
    expect(plainResult((await run("open('data/x.csv').read()")).events)).toEqual([`'a,b\\n1,2\\n'`])
    expect(plainResult((await run('import os; os.getcwd()')).events)).toEqual([`'${CWD}'`])
    expect(plainResult((await run('import helpers; helpers.greet(1)')).events)).toEqual(["'hi 1'"])
  })

  it('installs wheels from bytes', async () => {
    const { events } = await run('import mypkg, importlib.metadata\n(mypkg.VALUE, importlib.metadata.version("mypkg"))')
    expect(plainResult(events)).toEqual(["(42, '0.1')"])
  })

  it('completes, inspects and checks completeness', async () => {
    await run('import os')
    expect(host.complete({ code: 'os.pat', cursorPos: 6 })).toMatchObject({
      status: 'ok',
      matches: expect.arrayContaining(['path', 'pathsep']),
      cursor_start: 3,
      cursor_end: 6,
    })
    expect(host.inspect({ code: 'len(', cursorPos: 4, detailLevel: 0 })).toMatchObject({
      status: 'ok',
      found: true,
      data: { 'text/plain': expect.stringContaining('Return the number of items') },
    })
    expect(host.isComplete({ code: 'for i in x:' })).toEqual({ status: 'incomplete', indent: '    ' })
    expect(host.isComplete({ code: 'x = 1' })).toEqual({ status: 'complete' })
    expect(host.isComplete({ code: 'x = )' })).toEqual({ status: 'invalid' })
  })
})

describe('kernel host init failures', () => {
  it('refuses repository paths that leave cwd', async () => {
    const other = createKernelHost(pyodide, () => {}, pySources)
    const files = [{ path: '../escape.py', data: utf8('') }]
    await expect(other.init(initPayload({ cwd: '/home/pyodide/evil', files }))).rejects.toMatchObject({
      code: 'KERNEL_START_FAILED',
    })
  })

  it('fails when loadPackage silently loads nothing', async () => {
    // Pyodide's loadPackage resolves to [] when a download fails; model that without a network.
    const offline: PyodideAPI = Object.create(pyodide, { loadPackage: { value: async () => [] } })
    const other = createKernelHost(offline, () => {}, pySources)
    await expect(other.init(initPayload({ pyodidePackages: ['micropip'] }))).rejects.toMatchObject({
      code: 'KERNEL_START_FAILED',
      data: { missing: ['micropip'] },
    })
  })
})
