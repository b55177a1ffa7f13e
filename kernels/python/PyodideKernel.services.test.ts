// PyodideKernel's newer Jupyter messages end to end over a real in-process kernel server:
// update_display_data and clear_output, input() on a page that is not cross-origin isolated,
// `%pip install` through `installPackages`, and interrupt by restart.
import { KernelMessage } from '@jupyterlab/services'
import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildWheel } from '../../scripts/lib/wheel.mjs'
import { PyodideKernel, RESTARTED_ON_INTERRUPT } from './PyodideKernel'
import type { SharedBuffers, Wheel } from './protocol'
import { createStdinBuffer } from './stdin-channel'
import { FakeWorker, initPayload, loadTestPyodide } from './testing'

let pyodide: PyodideAPI
beforeAll(async () => {
  pyodide = await loadTestPyodide()
})

function startKernel(installPackages?: (reqs: string[]) => Promise<Wheel[]>, shared: SharedBuffers | null = null) {
  const sent: KernelMessage.IMessage[] = []
  const workers: FakeWorker[] = []
  const kernel = new PyodideKernel({
    id: 'k1',
    name: 'python',
    location: '',
    sendMessage: (m) => sent.push(m),
    init: initPayload(),
    installPackages,
    createWorker: () => {
      workers.push(new FakeWorker(pyodide))
      return workers[workers.length - 1]
    },
    shared, // null: as on a page without cross-origin isolation
  })
  return { kernel, sent, workers }
}

const executeRequest = (code: string, silent = false) =>
  KernelMessage.createMessage<KernelMessage.IExecuteRequestMsg>({
    channel: 'shell',
    session: 's',
    msgType: 'execute_request',
    content: { code, silent, store_history: !silent, user_expressions: {}, allow_stdin: true, stop_on_error: true },
  })

const answers = (sent: KernelMessage.IMessage[], parent: KernelMessage.IMessage) =>
  sent
    .filter((m) => m.parent_header.msg_id === parent.header.msg_id)
    .map((m) => [m.header.msg_type, m.content] as const)

describe('PyodideKernel display, stdin, install and interrupt', () => {
  it('publishes update_display_data and clear_output for the cell', async () => {
    const { kernel, sent } = startKernel()
    await kernel.ready
    const msg = executeRequest(
      'h = display("a", display_id="d1")\nh.update("b")\nfrom IPython.display import clear_output\nclear_output(wait=True)',
    )
    await kernel.handleMessage(msg)
    expect(answers(sent, msg).map(([t]) => t)).toEqual([
      'status',
      'execute_input',
      'display_data',
      'update_display_data',
      'clear_output',
      'execute_reply',
      'status',
    ])
    expect(answers(sent, msg)[3][1]).toMatchObject({ data: { 'text/plain': "'b'" }, transient: { display_id: 'd1' } })
    kernel.dispose()
  })

  it('says why input() cannot work without cross-origin isolation', async () => {
    const { kernel, sent } = startKernel()
    await kernel.ready
    const msg = executeRequest('name = input("Name? ")')
    await kernel.handleMessage(msg)
    expect(answers(sent, msg)).toContainEqual([
      'execute_reply',
      expect.objectContaining({
        status: 'error',
        ename: 'StdinNotImplementedError',
        evalue: expect.stringContaining('cross-origin isolated'),
      }),
    ])
    kernel.dispose()
  })

  it('%pip install asks installPackages on the main thread and unpacks what it returns', async () => {
    const asked: string[][] = []
    const wheel = buildWheel({ name: 'piped', version: '3.0', files: { 'piped/__init__.py': 'X = "piped!"\n' } })
    const { kernel, sent } = startKernel(async (reqs) => {
      asked.push(reqs)
      return [{ filename: wheel.filename, data: wheel.bytes }]
    })
    await kernel.ready
    const msg = executeRequest('%pip install piped\nimport piped\npiped.X')
    await kernel.handleMessage(msg)
    expect(asked).toEqual([['piped']])
    expect(answers(sent, msg)).toContainEqual([
      'execute_result',
      expect.objectContaining({ data: { 'text/plain': "'piped!'" } }),
    ])
    kernel.dispose()
  })

  it('without an installer, %pip says installing is not available', async () => {
    const { kernel, sent } = startKernel()
    await kernel.ready
    const msg = executeRequest('%pip install anything')
    await kernel.handleMessage(msg)
    expect(answers(sent, msg)).toContainEqual([
      'stream',
      { name: 'stderr', text: expect.stringContaining('not available in this session') },
    ])
    kernel.dispose()
  })

  it('interrupt without shared memory restarts the worker, says so, and the kernel runs again', async () => {
    const { kernel, sent, workers } = startKernel()
    await kernel.ready
    await kernel.handleMessage(executeRequest('kept = 1'))
    const busy = executeRequest('import asyncio\nawait asyncio.sleep(60)')
    const running = kernel.handleMessage(busy)
    await new Promise((r) => setTimeout(r, 200))
    await kernel.interrupt()
    await running
    expect(workers[0].isTerminated).toBe(true)
    expect(answers(sent, busy)).toContainEqual(['stream', { name: 'stderr', text: RESTARTED_ON_INTERRUPT }])
    expect(answers(sent, busy)).toContainEqual([
      'execute_reply',
      expect.objectContaining({ status: 'error', ename: 'KeyboardInterrupt' }),
    ])
    const after = executeRequest('"kept" in globals()')
    await kernel.handleMessage(after)
    expect(answers(sent, after)).toContainEqual([
      'execute_result',
      expect.objectContaining({ data: { 'text/plain': 'False' } }),
    ])
    kernel.dispose()
  })

  it("an interrupt while only Quire's silent file sync runs leaves the sync alone and the next cell too", async () => {
    const { kernel, sent } = startKernel(undefined, { interrupt: new SharedArrayBuffer(4), stdin: createStdinBuffer() })
    await kernel.ready
    // kernelSync.ts sends files as a silent execute; the user's cell waits behind it in
    // JupyterLite's queue, which cancels that cell itself on interrupt.
    const sync = executeRequest('import asyncio\nawait asyncio.sleep(0.3)\nsynced = True', true)
    const syncing = kernel.handleMessage(sync)
    await kernel.interrupt()
    await syncing
    expect(answers(sent, sync)).toContainEqual(['execute_reply', expect.objectContaining({ status: 'ok' })])
    const after = executeRequest('import asyncio\nawait asyncio.sleep(0.1)\nsynced')
    await kernel.handleMessage(after)
    expect(answers(sent, after)).toContainEqual([
      'execute_result',
      expect.objectContaining({ data: { 'text/plain': 'True' } }),
    ])
    kernel.dispose()
  })

  it('an interrupt sent while the cell waits its turn in the worker ends it as KeyboardInterrupt', async () => {
    const shared = { interrupt: new SharedArrayBuffer(4), stdin: createStdinBuffer() }
    const { kernel, sent } = startKernel(undefined, shared)
    await kernel.ready
    // The signal is already set when the cell starts (it waited behind the first visit's snapshot).
    Atomics.store(new Int32Array(shared.interrupt), 0, 2)
    const cell = executeRequest('ran = True')
    await kernel.handleMessage(cell)
    expect(answers(sent, cell)).toContainEqual([
      'execute_reply',
      expect.objectContaining({ status: 'error', ename: 'KeyboardInterrupt' }),
    ])
    kernel.dispose()
  })

  it('a cell run before Stop whose request reaches the kernel after it never starts; a later one runs', async () => {
    for (const shared of [null, { interrupt: new SharedArrayBuffer(4), stdin: createStdinBuffer() }]) {
      const { kernel, sent, workers } = startKernel(undefined, shared)
      await kernel.ready
      // Shift+Enter made the request; Stop is pressed while it is still on its way to the kernel.
      const early = executeRequest('ran_early = True')
      await new Promise((r) => setTimeout(r, 5))
      await kernel.interrupt()
      await kernel.handleMessage(early)
      expect(answers(sent, early)).toContainEqual([
        'error',
        expect.objectContaining({ ename: 'KeyboardInterrupt', evalue: 'stopped before it started' }),
      ])
      expect(answers(sent, early)).toContainEqual([
        'execute_reply',
        expect.objectContaining({ status: 'error', ename: 'KeyboardInterrupt' }),
      ])
      await new Promise((r) => setTimeout(r, 5))
      const later = executeRequest("'ran_early' in globals()")
      await kernel.handleMessage(later)
      expect(workers).toHaveLength(1)
      expect(answers(sent, later)).toContainEqual([
        'execute_result',
        expect.objectContaining({ data: { 'text/plain': 'False' } }),
      ])
      kernel.dispose()
    }
  })

  it('interrupt while no cell runs neither restarts the kernel nor stops the next cell', async () => {
    for (const shared of [null, { interrupt: new SharedArrayBuffer(4), stdin: createStdinBuffer() }]) {
      const { kernel, sent, workers } = startKernel(undefined, shared)
      await kernel.ready
      await kernel.handleMessage(executeRequest('kept = 1'))
      await kernel.interrupt()
      const after = executeRequest('"kept" in globals()')
      await kernel.handleMessage(after)
      expect(workers).toHaveLength(1)
      expect(answers(sent, after)).toContainEqual([
        'execute_result',
        expect.objectContaining({ data: { 'text/plain': 'True' } }),
      ])
      kernel.dispose()
    }
  })
})
