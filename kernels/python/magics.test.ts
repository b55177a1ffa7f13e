// Magics and `!` lines under real Pyodide: the transform, the file commands, fetches from a real
// local HTTP server, and `%pip install` through the host's installer.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { PyodideAPI } from 'pyodide'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWheel } from '../../scripts/lib/wheel.mjs'
import { loadTestPyodide, plainResults, startTestHost, streamText } from './testing'

let run: Awaited<ReturnType<typeof startTestHost>>['run']
let pyodide: PyodideAPI
let server: Server
let base = ''
const installs: string[][] = []
const CWD = '/home/pyodide/magics'

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/data/hello.txt')
      res.writeHead(200, { 'content-type': 'text/plain' }).end('hello from the server\n')
    else res.writeHead(404).end('nope')
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  pyodide = await loadTestPyodide()
  const wheel = buildWheel({ name: 'tinylib', version: '1.2', files: { 'tinylib/__init__.py': 'ANSWER = 42\n' } })
  ;({ run } = await startTestHost(
    pyodide,
    {
      requestInstall: async (_id, requirements) => {
        installs.push(requirements)
        if (requirements.includes('nosuchpkg')) throw new Error('nosuchpkg: no such package on the index')
        return [{ filename: wheel.filename, data: wheel.bytes }]
      },
    },
    {
      cwd: CWD,
      hasInstaller: true,
      files: [
        { path: 'notes.txt', data: new TextEncoder().encode('line one\nline two\n') },
        { path: 'sub/a.py', data: new Uint8Array() },
      ],
    },
  ))
})

afterAll(() => new Promise<void>((ok) => server.close(() => ok())))

const stderr = (events: Awaited<ReturnType<typeof run>>['events']) =>
  events.flatMap((e) => (e.type === 'stream' && e.content.name === 'stderr' ? [e.content.text] : [])).join('')

describe('file magics and shell lines', () => {
  it('%ls, !ls and !cat read the repository folder', async () => {
    expect(streamText((await run('%ls')).events)).toBe('notes.txt\nsub/\n')
    expect(streamText((await run('!ls sub')).events)).toBe('a.py\n')
    expect(streamText((await run('!cat notes.txt')).events)).toBe('line one\nline two\n')
    expect(stderr((await run('!cat missing.txt')).events)).toContain('cat: missing.txt: No such file or directory')
  })

  it('%cd changes directory and %pwd returns it; magics run inside loops', async () => {
    expect(streamText((await run('%cd sub')).events)).toBe(`${CWD}/sub\n`)
    expect(plainResults((await run('%pwd')).events)).toEqual([`'${CWD}/sub'`])
    await run('%cd ..')
    const loop = await run('for d in ["sub", ".."]:\n    %cd $d\nname = "notes"\n!cat {name + ".txt"}')
    expect(streamText(loop.events)).toBe(`${CWD}/sub\n${CWD}\nline one\nline two\n`)
  })

  it('leaves % and ! alone inside strings, brackets and expressions', async () => {
    const { result, events } = await run(
      'x = """\n!not a command\n%not a magic\n"""\ny = (5\n%3)\nprint(x.count("!"), y, 4 != 5)',
    )
    expect(result).toEqual({ status: 'ok' })
    expect(streamText(events)).toBe('1 2 True\n')
  })

  it('answers any other shell command with a clear message', async () => {
    const { result, events } = await run('!apt-get install foo')
    expect(result).toEqual({ status: 'ok' })
    expect(stderr(events)).toBe(
      '!apt-get install foo: shell commands are not available in the browser; run this repository on Binder for a full shell.\n',
    )
  })

  it('%who lists the user variables', async () => {
    await run('alpha = 1\nbeta = "b"\nimport json')
    expect(streamText((await run('%who')).events)).toMatch(/^(\w+\t)*alpha\tbeta\t(\w+\t)*json(\t\w+)*\n$/)
  })

  it('%time shows timings and the value; %timeit reports loops', async () => {
    const timed = await run('%time sum(range(1000))')
    expect(streamText(timed.events)).toMatch(/^CPU times: user .+\nWall time: .+\n$/)
    expect(plainResults(timed.events)).toEqual(['499500'])
    expect(streamText((await run('%timeit 1 + 1')).events)).toMatch(
      /per loop \(mean ± std\. dev\. of 7 runs, \d+ loops each\)\n$/,
    )
  })

  it('unknown magics fail with a UsageError naming what works', async () => {
    const { result } = await run('%nosuchmagic')
    expect(result).toMatchObject({ status: 'error', ename: 'UsageError', evalue: expect.stringContaining('%pip') })
  })

  it('cell magics: %%time, %%writefile, %%html', async () => {
    expect(streamText((await run('%%time\nprint("in")')).events)).toMatch(/^in\nCPU times: .+\nWall time: .+\n$/)
    await run('%%writefile made.py\nVALUE = 7\n')
    expect(plainResults((await run('import made; made.VALUE')).events)).toEqual(['7'])
    const html = await run('%%html\n<b>bold</b>')
    expect(html.events).toMatchObject([{ type: 'display_data', content: { data: { 'text/html': '<b>bold</b>' } } }])
  })
})

describe('downloads as browser fetches', () => {
  it('!curl -O and !wget -O save the file; plain curl prints it', async () => {
    await run(`!curl -L -O ${base}/data/hello.txt`)
    expect(plainResults((await run("open('hello.txt').read()")).events)).toEqual([`'hello from the server\\n'`])
    await run(`!wget -q -O copy.txt ${base}/data/hello.txt`)
    expect(plainResults((await run("open('copy.txt').read()")).events)).toEqual([`'hello from the server\\n'`])
    expect(streamText((await run(`!curl -s ${base}/data/hello.txt`)).events)).toBe('hello from the server\n')
  })

  it('says what went wrong: HTTP status, or a server that cannot be reached (CORS)', async () => {
    expect(stderr((await run(`!wget ${base}/missing`)).events)).toContain('HTTP 404')
    const refused = await run('!curl -o x.txt http://127.0.0.1:9/nothing')
    expect(stderr(refused.events)).toContain('allow cross-origin requests (CORS)')
  })
})

describe('%pip install', () => {
  it('installs through the host and the package imports at once', async () => {
    const { events } = await run('%pip install -q tinylib')
    expect(installs.at(-1)).toEqual(['tinylib'])
    expect(streamText(events)).toContain('Successfully installed tinylib-1.2')
    expect(plainResults((await run('import tinylib; tinylib.ANSWER')).events)).toEqual(['42'])
    await run('!pip install tinylib other==1.0')
    expect(installs.at(-1)).toEqual(['tinylib', 'other==1.0'])
  })

  it('reports an installer failure in the output', async () => {
    const { result, events } = await run('!pip install nosuchpkg')
    expect(result).toEqual({ status: 'ok' })
    expect(stderr(events)).toContain('pip install failed: nosuchpkg: no such package on the index')
  })
})
