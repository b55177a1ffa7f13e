// Completion and inspection under real Pyodide: names, attributes, imports, paths, magics.
import { beforeAll, describe, expect, it } from 'vitest'
import { loadTestPyodide, startTestHost } from './testing'

let kernel: Awaited<ReturnType<typeof startTestHost>>

beforeAll(async () => {
  const pyodide = await loadTestPyodide()
  kernel = await startTestHost(
    pyodide,
    {},
    {
      cwd: '/home/pyodide/intro',
      files: [
        { path: 'data/cities.csv', data: new Uint8Array() },
        { path: 'data/dates.csv', data: new Uint8Array() },
      ],
    },
  )
  await kernel.run(
    'import json\nclass Point:\n    """A point."""\n    def __init__(self, x: int, y: int = 0):\n        self.x = x\nnumber = 41',
  )
})

function complete(code: string, cursorPos = code.length) {
  const reply = kernel.host.complete({ code, cursorPos })
  if (reply.status !== 'ok') throw new Error(`complete failed: ${JSON.stringify(reply)}`)
  return reply
}
function inspect(code: string, cursorPos = code.length) {
  const reply = kernel.host.inspect({ code, cursorPos, detailLevel: 0 })
  if (reply.status !== 'ok') throw new Error(`inspect failed: ${JSON.stringify(reply)}`)
  return reply
}

describe('completion', () => {
  it('completes names and attributes, private ones only when asked', () => {
    expect(complete('num').matches).toEqual(['number'])
    expect(complete('json.du')).toMatchObject({ matches: ['dump', 'dumps'], cursor_start: 5, cursor_end: 7 })
    expect(complete('Point.').matches).not.toContain('__init__')
    expect(complete('Point.__in').matches).toContain('__init__')
  })

  it('completes module names after import and from … import', () => {
    expect(complete('import js').matches).toContain('json')
    expect(complete('from os import pat').matches).toContain('path')
    expect(complete('import os.pa').matches).toContain('path')
  })

  it('completes file names inside a string', () => {
    expect(complete("open('da")).toMatchObject({ matches: ['data/'], cursor_start: 6 })
    expect(complete("open('data/c").matches).toEqual(['data/cities.csv'])
  })

  it('completes magic names', () => {
    expect(complete('%ti').matches).toEqual(['time', 'timeit'])
    expect(complete('%%wr').matches).toEqual(['writefile'])
  })
})

describe('inspection', () => {
  it('shows a class init signature and its docstring', () => {
    const reply = inspect('Point(', 6)
    expect(reply).toMatchObject({ found: true })
    expect(reply.data['text/plain']).toContain('Init signature: Point(x: int, y: int = 0)')
    expect(reply.data['text/plain']).toContain('A point.')
  })

  it('shows the value of a variable, and nothing for unknown names', () => {
    expect(inspect('number').data['text/plain']).toContain('Value: 41')
    expect(inspect('nosuchname')).toMatchObject({ found: false })
  })
})
