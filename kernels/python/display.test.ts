// The IPython display protocol under real Pyodide: formatter, display ids, history, the shim.
import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import type { KernelEvent } from './protocol'
import { loadTestPyodide, plainResults, startTestHost } from './testing'

let run: Awaited<ReturnType<typeof startTestHost>>['run']
let pyodide: PyodideAPI

beforeAll(async () => {
  pyodide = await loadTestPyodide()
  ;({ run } = await startTestHost(pyodide))
})

const ofType = <T extends KernelEvent['type']>(events: KernelEvent[], type: T) =>
  events.filter((e): e is Extract<KernelEvent, { type: T }> => e.type === type)

describe('history: _, __, ___, In, Out', () => {
  it('keeps outputs and inputs as IPython does', async () => {
    const a = await run('10')
    await run('x = 1') // no output: does not shift _
    const b = await run('20')
    await run('30;') // hidden with `;`: not recorded
    const c = await run('30')
    const { events, count } = await run(
      `(_, __, ___, Out[${b.count}], In[${a.count}], _${c.count}, _i${a.count}, len(In) - 1)`,
    )
    expect(plainResults(events)).toEqual([`(30, 20, 10, 20, '10', 30, '10', ${count})`])
    expect(count).toBe(c.count + 1)
  })

  it('shifts _, __ and ___ with each shown value', async () => {
    await run('"a"')
    await run('"b"')
    await run('"c"')
    const { events } = await run('(_, __, ___)')
    expect(plainResults(events)).toEqual([`('c', 'b', 'a')`])
  })
})

describe('display formatter', () => {
  it('offers every _repr_*_ with its metadata, base64 for PNG', async () => {
    const { events } = await run(
      [
        'class R:',
        '    def _repr_html_(self): return "<b>r</b>"',
        '    def _repr_markdown_(self): return "**r**"',
        '    def _repr_latex_(self): return "$r$"',
        '    def _repr_svg_(self): return "<svg/>"',
        '    def _repr_png_(self): return (b"\\x89PNG", {"width": 3})',
        '    def _repr_jpeg_(self): return b"\\xff\\xd8"',
        '    def _repr_json_(self): return {"a": 1}',
        '    def __repr__(self): return "R()"',
        'R()',
      ].join('\n'),
    )
    expect(ofType(events, 'execute_result')[0].content).toMatchObject({
      data: {
        'text/plain': 'R()',
        'text/html': '<b>r</b>',
        'text/markdown': '**r**',
        'text/latex': '$r$',
        'image/svg+xml': '<svg/>',
        'image/png': 'iVBORw==',
        'image/jpeg': '/9g=',
        'application/json': { a: 1 },
      },
      metadata: { 'image/png': { width: 3 } },
    })
  })

  it('uses _repr_mimebundle_ first, with its metadata, and fills in the rest', async () => {
    const { events } = await run(
      [
        'class M:',
        '    def _repr_mimebundle_(self, include=None, exclude=None):',
        '        return {"text/html": "<i>m</i>", "text/plain": "M!"}, {"text/html": {"isolated": True}}',
        '    def _repr_markdown_(self): return "*m*"',
        'M()',
      ].join('\n'),
    )
    expect(ofType(events, 'execute_result')[0].content).toMatchObject({
      data: { 'text/plain': 'M!', 'text/html': '<i>m</i>', 'text/markdown': '*m*' },
      metadata: { 'text/html': { isolated: true } },
    })
  })

  it('keeps text/plain when a rich repr raises, and pretty-prints long containers', async () => {
    const broken = await run(
      'class B:\n    def _repr_html_(self): raise ValueError\n    def __repr__(self): return "B"\nB()',
    )
    expect(ofType(broken.events, 'execute_result')[0].content.data).toEqual({ 'text/plain': 'B' })
    const long = await run('{f"key{i}": i for i in range(10)}')
    expect(plainResults(long.events)[0]).toContain("{'key0': 0,\n 'key1': 1,")
  })
})

describe('display(), display_id, update_display, clear_output', () => {
  it('sends display_data in order with the printed text around it', async () => {
    const { events } = await run('print("before")\ndisplay(1, "two")\nprint("after")')
    expect(events.map((e) => e.type)).toEqual(['stream', 'display_data', 'display_data', 'stream'])
    expect(ofType(events, 'display_data').map((e) => e.content.data['text/plain'])).toEqual(['1', "'two'"])
  })

  it('returns a handle whose update() replaces the output with that display id', async () => {
    const { events } = await run(
      'from IPython.display import update_display\nh = display("v1", display_id=True)\nh.update("v2")\nupdate_display("v3", display_id=h.display_id)\nh',
    )
    const [shown] = ofType(events, 'display_data')
    const id = shown.content.transient?.display_id
    expect(id).toMatch(/^[0-9a-f]{32}$/)
    expect(
      ofType(events, 'update_display_data').map((e) => [e.content.data['text/plain'], e.content.transient?.display_id]),
    ).toEqual([
      ["'v2'", id],
      ["'v3'", id],
    ])
    expect(plainResults(events)).toEqual([`<DisplayHandle display_id=${id}>`])
  })

  it('clear_output(wait=True) sends clear_output with wait', async () => {
    const { events } = await run(
      'from IPython.display import clear_output\nprint(1)\nclear_output(wait=True)\nprint(2)',
    )
    expect(events.map((e) => e.type)).toEqual(['stream', 'clear_output', 'stream'])
    expect(ofType(events, 'clear_output')[0].content).toEqual({ wait: true })
  })
})
