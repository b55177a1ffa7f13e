// The kernel's stdout/stderr (py/quire_kernel/streams.py) under Pyodide in Node: one ordered
// buffer for both streams, so text printed alternately arrives in the order printed.
import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import type { KernelEvent } from './protocol'
import { loadTestPyodide, startTestHost } from './testing'

let run: Awaited<ReturnType<typeof startTestHost>>['run']
beforeAll(async () => {
  const pyodide: PyodideAPI = await loadTestPyodide()
  run = (await startTestHost(pyodide)).run
})

const streams = (events: KernelEvent[]) =>
  events.flatMap((e) => (e.type === 'stream' ? [[e.content.name, e.content.text]] : []))

describe('kernel streams', () => {
  it('keeps stdout and stderr in the order printed within one batching window', async () => {
    const { events } = await run(
      'import sys\nfor i in range(3):\n    print("out", i)\n    print("err", i, file=sys.stderr)\nprint("end")',
    )
    // Runs of one stream each, alternating as printed (the first line goes out at once, the rest
    // wait for the window), and nothing reordered or lost.
    expect(streams(events)).toEqual([
      ['stdout', 'out 0\n'],
      ['stderr', 'err 0\n'],
      ['stdout', 'out 1\n'],
      ['stderr', 'err 1\n'],
      ['stdout', 'out 2\n'],
      ['stderr', 'err 2\n'],
      ['stdout', 'end\n'],
    ])
  })

  it('joins a flood of lines into a few messages', async () => {
    const { events } = await run('for i in range(20_000):\n    print(i)')
    const texts = streams(events).map(([, t]) => t)
    expect(texts.length).toBeLessThan(100)
    expect(texts.join('')).toBe(Array.from({ length: 20_000 }, (_, i) => `${i}\n`).join(''))
  })

  it('sends text printed before a display first, whichever stream it went to', async () => {
    const { events } = await run('import sys\nprint("a")\nprint("b", file=sys.stderr)\ndisplay(1)\nprint("c")')
    expect(events.map((e) => (e.type === 'stream' ? `${e.content.name}:${e.content.text}` : e.type))).toEqual([
      'stdout:a\n',
      'stderr:b\n',
      'display_data',
      'stdout:c\n',
    ])
  })

  it('flushing stderr also sends the stdout text printed before it', async () => {
    const { events } = await run(
      'import sys, time\nprint("x")\ntime.sleep(0.06)\nprint("y")\nsys.stdout.write("partial")\nsys.stderr.write("e")\nsys.stderr.flush()\ntime.sleep(0.06)\nprint("!")',
    )
    expect(streams(events)).toEqual([
      ['stdout', 'x\n'],
      ['stdout', 'y\n'],
      ['stdout', 'partial'],
      ['stderr', 'e'],
      ['stdout', '!\n'],
    ])
  })
})
