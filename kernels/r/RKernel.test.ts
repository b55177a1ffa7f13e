import { KernelMessage } from '@jupyterlab/services'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RKernel } from './RKernel'
import type { RStartOptions } from './runtime'
import { createTestRuntime } from './testing'
import { WEBR_R_VERSION } from '../../src/environment/r'

const enc = (s: string) => new TextEncoder().encode(s)
const repo = (): RStartOptions => ({
  cwd: '/home/web_user/r-repo',
  files: [{ path: 'data/scores.csv', data: enc('name,score\nada,3\nbob,5\n') }],
})

function startKernel(init: RStartOptions = repo()) {
  const sent: KernelMessage.IMessage[] = []
  const kernel = new RKernel({
    id: 'r1',
    name: 'ir',
    location: '',
    sendMessage: (m) => sent.push(m),
    createRuntime: createTestRuntime,
    init,
  })
  return { kernel, sent }
}

const executeRequest = (code: string) =>
  KernelMessage.createMessage<KernelMessage.IExecuteRequestMsg>({
    channel: 'shell',
    session: 'session-1',
    msgType: 'execute_request',
    content: {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    },
  })

/** Runs code and returns the messages answering it, as [type, content], in the order sent. */
async function run(k: ReturnType<typeof startKernel>, code: string) {
  const msg = executeRequest(code)
  await k.kernel.handleMessage(msg)
  return k.sent
    .filter((m) => m.parent_header.msg_id === msg.header.msg_id)
    .map((m) => [m.header.msg_type, m.content] as const)
}

describe('RKernel on webR', () => {
  let k: ReturnType<typeof startKernel>
  beforeAll(async () => {
    k = startKernel()
    await k.kernel.ready
  })
  afterAll(() => k.kernel.dispose())

  it('started R and describes it as IRkernel does', async () => {
    expect(k.kernel.startError).toBeUndefined()
    const msg = KernelMessage.createMessage<KernelMessage.IInfoRequestMsg>({
      channel: 'shell',
      session: 's',
      msgType: 'kernel_info_request',
      content: {},
    })
    await k.kernel.handleMessage(msg)
    const reply = k.sent.find(
      (m) => m.parent_header.msg_id === msg.header.msg_id && m.header.msg_type === 'kernel_info_reply',
    )
    // WEBR_R_VERSION is what the launch resolves R packages for: it must be the R that runs.
    expect(reply?.content).toMatchObject({
      status: 'ok',
      implementation: 'quire-webr',
      language_info: { name: 'R', version: WEBR_R_VERSION },
    })
  })

  it('streams printed output, then the visible value as execute_result', async () => {
    const out = await run(k, 'print(1:3)\nmessage("note")\n40 + 2')
    expect(out).toEqual([
      ['status', { execution_state: 'busy' }],
      ['execute_input', { code: 'print(1:3)\nmessage("note")\n40 + 2', execution_count: 1 }],
      ['stream', { name: 'stdout', text: '[1] 1 2 3\n' }],
      ['stream', { name: 'stderr', text: 'note\n' }],
      ['execute_result', { execution_count: 1, data: { 'text/plain': '[1] 42' }, metadata: {} }],
      ['execute_reply', { status: 'ok', execution_count: 1, user_expressions: {}, payload: [] }],
      ['status', { execution_state: 'idle' }],
    ])
  })

  it('runs in the repository folder and shows a data frame as an HTML table', async () => {
    const out = await run(k, 'scores <- read.csv("data/scores.csv")\nscores')
    const result = out.find(([type]) => type === 'execute_result')?.[1]
    expect(result).toMatchObject({
      data: { 'text/plain': expect.stringContaining('ada'), 'text/html': expect.stringContaining('<td>bob</td>') },
    })
    expect(JSON.stringify(result)).toContain('A data.frame: 2 &times; 2')
  })

  it('sends a plot as a PNG image', async () => {
    const out = await run(k, 'plot(1:10, main = "line")')
    const images = out.filter(([type]) => type === 'display_data')
    expect(images).toHaveLength(1)
    const png = Buffer.from(String((images[0][1] as { data: Record<string, unknown> }).data['image/png']), 'base64')
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG')
    expect(png.length).toBeGreaterThan(1000)
  })

  it('reports an R error with status error and keeps the workspace', async () => {
    const out = await run(k, 'kept <- 7\nstop("boom")')
    expect(out.map(([type]) => type)).toEqual(['status', 'execute_input', 'error', 'execute_reply', 'status'])
    expect(out[3][1]).toMatchObject({ status: 'error', ename: 'simpleError', evalue: expect.stringContaining('boom') })
    expect((await run(k, 'kept * 6')).find(([t]) => t === 'execute_result')?.[1]).toMatchObject({
      data: { 'text/plain': '[1] 42' },
    })
  })

  it('reports a syntax error without running anything', async () => {
    const out = await run(k, 'never <- 1\n1 +')
    expect(out.find(([t]) => t === 'execute_reply')?.[1]).toMatchObject({
      status: 'error',
      evalue: expect.stringContaining('unexpected end of input'),
    })
    expect((await run(k, 'exists("never")')).find(([t]) => t === 'execute_result')?.[1]).toMatchObject({
      data: { 'text/plain': '[1] FALSE' },
    })
  })

  it('shows warnings as they happen and answers readline() without hanging', async () => {
    const out = await run(k, 'warning("careful")\nanswer <- readline("name? ")\nnchar(answer)')
    expect(out).toContainEqual(['stream', { name: 'stderr', text: 'Warning: careful\n' }])
    expect(out.find(([t]) => t === 'execute_result')?.[1]).toMatchObject({ data: { 'text/plain': '[1] 0' } })
  })

  it('interrupts a busy loop and keeps R usable', async () => {
    const msg = executeRequest('n <- 0\nwhile (TRUE) n <- n + 1')
    const done = k.kernel.handleMessage(msg)
    setTimeout(() => void k.kernel.interrupt(), 500)
    await done
    const reply = k.sent.find(
      (m) => m.parent_header.msg_id === msg.header.msg_id && m.header.msg_type === 'execute_reply',
    )
    expect(reply?.content).toMatchObject({ status: 'error', ename: 'interrupt' })
    expect((await run(k, 'n > 0')).find(([t]) => t === 'execute_result')?.[1]).toMatchObject({
      data: { 'text/plain': '[1] TRUE' },
    })
  })

  it('a cell run before Stop whose request reaches R after it never starts; a later one runs', async () => {
    const early = executeRequest('ran_early <- TRUE')
    await new Promise((r) => setTimeout(r, 5))
    await k.kernel.interrupt()
    await k.kernel.handleMessage(early)
    const answers = k.sent.filter((m) => m.parent_header.msg_id === early.header.msg_id)
    expect(answers.map((m) => [m.header.msg_type, m.content])).toContainEqual([
      'execute_reply',
      expect.objectContaining({ status: 'error', ename: 'KeyboardInterrupt', evalue: 'stopped before it started' }),
    ])
    await new Promise((r) => setTimeout(r, 5))
    expect((await run(k, 'exists("ran_early")')).find(([t]) => t === 'execute_result')?.[1]).toMatchObject({
      data: { 'text/plain': '[1] FALSE' },
    })
  })
})

describe('RKernel start and restart', () => {
  it('shows a start failure on the next execute instead of hanging', async () => {
    const k = startKernel({ cwd: '/home/web_user/x', files: [{ path: '../evil.R', data: enc('') }] })
    await k.kernel.ready
    expect(k.kernel.startError?.code).toBe('KERNEL_START_FAILED')
    const out = await run(k, '1')
    expect(out.find(([t]) => t === 'execute_reply')?.[1]).toMatchObject({
      status: 'error',
      ename: 'KERNEL_START_FAILED',
    })
    k.kernel.dispose()
  })

  it('a new kernel (what restart makes) starts from an empty workspace', async () => {
    const first = startKernel()
    await first.kernel.ready
    await run(first, 'x <- 1')
    first.kernel.dispose()
    const second = startKernel()
    await second.kernel.ready
    expect((await run(second, 'exists("x")')).find(([t]) => t === 'execute_result')?.[1]).toMatchObject({
      data: { 'text/plain': '[1] FALSE' },
    })
    second.kernel.dispose()
  })
})
