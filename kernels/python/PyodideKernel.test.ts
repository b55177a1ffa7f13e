import { KernelMessage } from '@jupyterlab/services'
import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { PyodideKernel, type PyodideKernelOptions } from './PyodideKernel'
import type { InitPayload } from './protocol'
import { FakeWorker, initPayload, loadTestPyodide } from './testing'
import type { WorkerLike } from './worker-client'

let pyodide: PyodideAPI
beforeAll(async () => {
  pyodide = await loadTestPyodide()
})

/** A kernel over a real in-process kernel server, and every message it sends to the client. */
function startKernel(init: InitPayload = initPayload(), more: Partial<PyodideKernelOptions> = {}) {
  const sent: KernelMessage.IMessage[] = []
  const worker = new FakeWorker(pyodide)
  const kernel = new PyodideKernel({
    id: 'k1',
    name: 'python',
    location: '',
    sendMessage: (m) => sent.push(m),
    createWorker: () => worker,
    init,
    ...more,
  })
  return { kernel, sent, worker }
}

const shell = { channel: 'shell', session: 'session-1' } as const

const executeRequest = (code: string) =>
  KernelMessage.createMessage<KernelMessage.IExecuteRequestMsg>({
    ...shell,
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

/** Messages answering `parent`, as [type, content] in the order sent. */
const answers = (sent: KernelMessage.IMessage[], parent: KernelMessage.IMessage) =>
  sent
    .filter((m) => m.parent_header.msg_id === parent.header.msg_id)
    .map((m) => [m.header.msg_type, m.content] as const)

describe('PyodideKernel', () => {
  it('accepts a real Worker from createWorker', () => {
    expectTypeOf<Worker>().toExtend<WorkerLike>()
  })

  it('answers kernel_info_request with Python 3.14 language info', async () => {
    const { kernel, sent } = startKernel()
    await kernel.ready
    const msg = KernelMessage.createMessage<KernelMessage.IInfoRequestMsg>({
      ...shell,
      msgType: 'kernel_info_request',
      content: {},
    })
    await kernel.handleMessage(msg)
    const reply = answers(sent, msg).find(([type]) => type === 'kernel_info_reply')
    expect(reply?.[1]).toMatchObject({
      status: 'ok',
      protocol_version: '5.3',
      implementation: 'quire-pyodide',
      language_info: {
        name: 'python',
        version: expect.stringMatching(/^3\.14\./),
        mimetype: 'text/x-python',
        file_extension: '.py',
        codemirror_mode: { name: 'ipython', version: 3 },
        pygments_lexer: 'ipython3',
        nbconvert_exporter: 'python',
      },
      banner: expect.stringContaining('Pyodide'),
    })
    kernel.dispose()
  })

  it('answers comm_info_request, which BaseKernel ignores', async () => {
    const { kernel, sent } = startKernel()
    await kernel.ready
    const msg = KernelMessage.createMessage<KernelMessage.ICommInfoRequestMsg>({
      ...shell,
      msgType: 'comm_info_request',
      content: {},
    })
    await kernel.handleMessage(msg)
    expect(answers(sent, msg)).toEqual([
      ['status', { execution_state: 'busy' }],
      ['comm_info_reply', { status: 'ok', comms: {} }],
      ['status', { execution_state: 'idle' }],
    ])
    kernel.dispose()
  })

  it('turns an execute_request into stream, execute_result and execute_reply for that cell', async () => {
    const { kernel, sent } = startKernel()
    await kernel.ready
    const msg = executeRequest('print("hi")\n40 + 2')
    await kernel.handleMessage(msg)
    expect(answers(sent, msg)).toEqual([
      ['status', { execution_state: 'busy' }],
      ['execute_input', { code: msg.content.code, execution_count: 1 }],
      ['stream', { name: 'stdout', text: 'hi\n' }],
      ['execute_result', { execution_count: 1, data: { 'text/plain': '42' }, metadata: {} }],
      ['execute_reply', { status: 'ok', execution_count: 1, user_expressions: {}, payload: [] }],
      ['status', { execution_state: 'idle' }],
    ])
    kernel.dispose()
  })

  it('reports the files a request wrote with the id of that request, before its reply', async () => {
    // The page tells the echo of its own file sync from a cell's writes by this id (kernelSync.ts).
    const reports: Array<{ paths: string[]; parentId: string | undefined; replied: boolean }> = []
    let sent: KernelMessage.IMessage[] = []
    const started = startKernel(initPayload({ cwd: '/home/pyodide/files-id' }), {
      onFilesChanged: (changes, parentId) =>
        reports.push({
          paths: changes.changed.map((c) => c.path),
          parentId,
          replied: sent.some((m) => m.header.msg_type === 'execute_reply'),
        }),
    })
    sent = started.sent
    await started.kernel.ready
    const msg = executeRequest('open("made.txt", "w").write("x")')
    await started.kernel.handleMessage(msg)
    expect(reports).toEqual([{ paths: ['made.txt'], parentId: msg.header.msg_id, replied: false }])
    started.kernel.dispose()
  })

  it('publishes a Python error and replies with status error', async () => {
    const { kernel, sent } = startKernel()
    await kernel.ready
    const msg = executeRequest('1/0')
    await kernel.handleMessage(msg)
    const types = answers(sent, msg).map(([type]) => type)
    expect(types).toEqual(['status', 'execute_input', 'error', 'execute_reply', 'status'])
    expect(answers(sent, msg)[3][1]).toMatchObject({ status: 'error', ename: 'ZeroDivisionError', execution_count: 1 })
    kernel.dispose()
  })

  it('completes and checks completeness through the worker', async () => {
    const { kernel, sent } = startKernel()
    await kernel.ready
    const complete = KernelMessage.createMessage<KernelMessage.ICompleteRequestMsg>({
      ...shell,
      msgType: 'complete_request',
      content: { code: 'pri', cursor_pos: 3 },
    })
    await kernel.handleMessage(complete)
    expect(answers(sent, complete)[1]).toEqual([
      'complete_reply',
      { status: 'ok', matches: ['print'], cursor_start: 0, cursor_end: 3, metadata: {} },
    ])
    const isComplete = KernelMessage.createMessage<KernelMessage.IIsCompleteRequestMsg>({
      ...shell,
      msgType: 'is_complete_request',
      content: { code: 'if x:' },
    })
    await kernel.handleMessage(isComplete)
    expect(answers(sent, isComplete)[1]).toEqual(['is_complete_reply', { status: 'incomplete', indent: '    ' }])
    kernel.dispose()
  })

  it('shows a start failure on the next execute instead of hanging', async () => {
    const { kernel, sent } = startKernel(initPayload({ files: [{ path: '../x.py', data: new Uint8Array() }] }))
    await kernel.ready
    expect(kernel.startError?.code).toBe('KERNEL_START_FAILED')
    const msg = executeRequest('1')
    await kernel.handleMessage(msg)
    const [, , stream, reply] = answers(sent, msg)
    expect(stream).toEqual(['stream', { name: 'stderr', text: expect.stringContaining('KERNEL_START_FAILED') }])
    expect(reply).toEqual(['execute_reply', expect.objectContaining({ status: 'error', ename: 'KERNEL_START_FAILED' })])
    kernel.dispose()
  })

  it('reports KERNEL_DEAD after the worker crashes, and terminates it on dispose', async () => {
    const { kernel, sent, worker } = startKernel()
    await kernel.ready
    worker.crash('out of memory')
    const msg = executeRequest('1')
    await kernel.handleMessage(msg)
    expect(answers(sent, msg)).toContainEqual([
      'execute_reply',
      expect.objectContaining({ status: 'error', ename: 'KERNEL_DEAD' }),
    ])
    const fresh = startKernel()
    fresh.kernel.dispose()
    expect(fresh.worker.isTerminated).toBe(true)
    kernel.dispose()
  })
})
