// The output limits over a real in-process kernel (Pyodide in Node): a cell printing 100 000
// lines reaches the page as a few joined stream messages, cut at the cap, with one notice, all
// before the cell's reply; the whole output stays available for saving.
import { KernelMessage } from '@jupyterlab/services'
import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import { OutputLimitedKernel } from './OutputLimitedKernel'
import { keptOutput, TRUNCATED_MIME } from './outputLimit'
import { FakeWorker, initPayload, loadTestPyodide } from './testing'

let pyodide: PyodideAPI
beforeAll(async () => {
  pyodide = await loadTestPyodide()
})

const executeRequest = (code: string) =>
  KernelMessage.createMessage<KernelMessage.IExecuteRequestMsg>({
    channel: 'shell',
    session: 's',
    msgType: 'execute_request',
    content: { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: true },
  })

describe('OutputLimitedKernel', () => {
  it('joins, cuts and keeps a flood of print() output, all before the reply', async () => {
    const sent: KernelMessage.IMessage[] = []
    const kernel = new OutputLimitedKernel({
      id: 'k1',
      name: 'python',
      location: '',
      sendMessage: (m) => sent.push(m),
      init: initPayload(),
      createWorker: () => new FakeWorker(pyodide),
      shared: null,
      limits: { maxShownBytes: 100_000, intervalMs: 20 },
    })
    await kernel.ready
    const msg = executeRequest("for i in range(100_000):\n    print('line', i)\nprint('end')")
    await kernel.handleMessage(msg)
    const mine = sent.filter((m) => m.parent_header.msg_id === msg.header.msg_id)
    const types = mine.map((m) => m.header.msg_type)
    const streams = mine.filter((m): m is KernelMessage.IStreamMsg => m.header.msg_type === 'stream')
    // Far fewer messages than lines, and at most the cap of text.
    expect(streams.length).toBeLessThan(2000)
    const shown = streams.map((m) => m.content.text).join('')
    expect(shown.length).toBeLessThanOrEqual(100_000)
    expect(shown.startsWith('line 0\nline 1\n')).toBe(true)
    expect(shown.endsWith('\n')).toBe(true)
    const notices = mine.filter((m): m is KernelMessage.IDisplayDataMsg => m.header.msg_type === 'display_data')
    expect(notices).toHaveLength(1)
    const notice = notices[0].content.data[TRUNCATED_MIME] as { id: string }
    // Nothing for the cell after its reply.
    expect(types.indexOf('execute_reply')).toBeGreaterThan(types.lastIndexOf('stream'))
    expect(types.indexOf('execute_reply')).toBeGreaterThan(types.indexOf('display_data'))
    const all = keptOutput(notice.id)!.chunks.join('')
    expect(all.startsWith('line 0\n')).toBe(true)
    expect(all.endsWith('line 99999\nend\n')).toBe(true)
    kernel.dispose()
  }, 60_000)

  it('sends stdout and stderr printed alternately in the order printed', async () => {
    const sent: KernelMessage.IMessage[] = []
    const kernel = new OutputLimitedKernel({
      id: 'k2',
      name: 'python',
      location: '',
      sendMessage: (m) => sent.push(m),
      init: initPayload(),
      createWorker: () => new FakeWorker(pyodide),
      shared: null,
    })
    await kernel.ready
    const msg = executeRequest(
      "import sys\nfor i in range(3):\n    print('out', i)\n    print('err', i, file=sys.stderr)",
    )
    await kernel.handleMessage(msg)
    const streams = sent.filter(
      (m): m is KernelMessage.IStreamMsg =>
        m.parent_header.msg_id === msg.header.msg_id && m.header.msg_type === 'stream',
    )
    // Consecutive text of one stream may be joined; the sequence of streams must be as printed.
    expect(streams.map((m) => `${m.content.name}:${m.content.text}`).join('')).toBe(
      [0, 1, 2].map((i) => `stdout:out ${i}\nstderr:err ${i}\n`).join(''),
    )
    kernel.dispose()
  }, 60_000)
})
