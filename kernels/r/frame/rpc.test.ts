// The R runtime across a MessagePort, as between the page and the R isolation frame, with the
// real webR (in Node) behind it: RKernel drives it unchanged, and only plain values come back.
import { KernelMessage } from '@jupyterlab/services'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RKernel } from '../RKernel'
import type { RMessage, RRuntime } from '../runtime'
import { createTestRuntime } from '../testing'
import { plainMessage, RRuntimeClient, serveRRuntime } from './rpc'

const enc = (s: string) => new TextEncoder().encode(s)

function overPort(runtime: Promise<RRuntime>) {
  const ch = new MessageChannel()
  serveRRuntime(ch.port2, runtime)
  let isClosed = false
  const client = new RRuntimeClient(ch.port1, () => {
    isClosed = true
    ch.port1.close()
    ch.port2.close()
  })
  return { client, isClosed: () => isClosed }
}

async function run(kernel: RKernel, sent: KernelMessage.IMessage[], code: string) {
  const msg = KernelMessage.createMessage<KernelMessage.IExecuteRequestMsg>({
    channel: 'shell',
    session: 's',
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
  await kernel.handleMessage(msg)
  return sent
    .filter((m) => m.parent_header.msg_id === msg.header.msg_id)
    .map((m) => [m.header.msg_type, m.content] as const)
}

describe('RKernel over the frame protocol, on real webR', () => {
  const sent: KernelMessage.IMessage[] = []
  let kernel: RKernel
  let port: ReturnType<typeof overPort>
  beforeAll(async () => {
    port = overPort(Promise.resolve(createTestRuntime()))
    kernel = new RKernel({
      id: 'rpc',
      name: 'ir',
      location: '',
      sendMessage: (m) => sent.push(m),
      createRuntime: () => port.client,
      init: { cwd: '/home/web_user/rpc', files: [{ path: 'data/x.csv', data: enc('v\n1\n2\n') }] },
    })
    await kernel.ready
  }, 120_000)
  afterAll(() => kernel.dispose())

  it('starts, reads the repository, prints, and sends a plot as PNG bytes', async () => {
    expect(kernel.startError).toBeUndefined()
    const out = await run(kernel, sent, 'sum(read.csv("data/x.csv")$v)\nplot(1:3)')
    expect(out.find(([t]) => t === 'execute_result')?.[1]).toMatchObject({ data: { 'text/plain': '[1] 3' } })
    const png = out.find(([t]) => t === 'display_data')?.[1] as { data: Record<string, string> } | undefined
    expect(
      Buffer.from(png?.data['image/png'] ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG')
  })

  it('interrupts a busy loop through the port', async () => {
    const msg = KernelMessage.createMessage<KernelMessage.IExecuteRequestMsg>({
      channel: 'shell',
      session: 's',
      msgType: 'execute_request',
      content: {
        code: 'while (TRUE) NULL',
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      },
    })
    const done = kernel.handleMessage(msg)
    setTimeout(() => void kernel.interrupt(), 500)
    await done
    const reply = sent.find(
      (m) => m.parent_header.msg_id === msg.header.msg_id && m.header.msg_type === 'execute_reply',
    )
    expect(reply?.content).toMatchObject({ status: 'error', ename: 'interrupt' })
  })

  it('takes the user’s new files, folders and deletions between cells', async () => {
    await kernel.syncFiles([
      { path: 'made/deep/new.txt', data: enc('fresh') },
      { path: 'empty/folder', data: 'folder' },
      { path: 'data', data: null },
    ])
    const out = await run(
      kernel,
      sent,
      'cat(readLines("made/deep/new.txt"), dir.exists("empty/folder"), file.exists("data"), "\\n")',
    )
    expect(out).toContainEqual(['stream', { name: 'stdout', text: 'fresh TRUE FALSE \n' }])
    await expect(kernel.syncFiles([{ path: '../escape.txt', data: enc('x') }])).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    })
  })

  it('closing ends the frame side and leaves R closed for the reader', async () => {
    const other = overPort(Promise.resolve(createTestRuntime()))
    await other.client.init()
    other.client.close()
    expect(other.isClosed()).toBe(true)
    expect(await other.client.read()).toEqual({ type: 'closed', data: 'R was closed' })
    await expect(other.client.evalRString('1')).rejects.toThrow('R was closed')
  })
}, 180_000)

describe('what crosses from the frame', () => {
  it('console messages are cut down to a type and a string', () => {
    expect(plainMessage({ type: 'stdout', data: 'hi' })).toEqual({ type: 'stdout', data: 'hi' })
    expect(plainMessage({ type: 'canvas', data: { event: 'draw', image: {} } })).toEqual({ type: 'canvas' })
    expect(plainMessage('x')).toEqual({ type: 'unknown' })
  })

  it('a runtime that failed to load its files fails every call with the reason', async () => {
    const failing = Promise.reject(new Error('webR/R.wasm: HTTP 404'))
    failing.catch(() => {})
    const { client } = overPort(failing)
    await expect(client.init()).rejects.toThrow('webR/R.wasm: HTTP 404')
  })

  it('the page refuses a reply that is not what it asked for (the frame runs R code)', async () => {
    const ch = new MessageChannel()
    // A frame taken over by R: answers every call with a number, and a console message with an object.
    ch.port2.onmessage = (ev: MessageEvent<{ id: number; op: string }>) =>
      ch.port2.postMessage({
        id: ev.data.id,
        ok: true,
        value: ev.data.op === 'read' ? { type: 'stdout', data: {} } : 42,
      })
    const client = new RRuntimeClient(ch.port1)
    await expect(client.evalRString('1')).rejects.toThrow('something other than a string')
    await expect(client.FS.readFile('/x')).rejects.toThrow('sent no bytes')
    expect(await client.read()).toEqual<RMessage>({ type: 'stdout' })
    expect(await client.flush()).toEqual([])
    ch.port1.close()
  })
})
