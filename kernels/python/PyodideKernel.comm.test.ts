// PyodideKernel's comm messages as Jupyter messages: comm_open/comm_msg published on iopub with
// the right parent, the page's comm_msg reaching Python, and comm_info_request answered.
import { KernelMessage } from '@jupyterlab/services'
import { beforeAll, expect, it } from 'vitest'
import { PyodideKernel } from './PyodideKernel'
import { FakeWorker, initPayload, loadTestPyodide } from './testing'

let kernel: PyodideKernel
const sent: KernelMessage.IMessage[] = []

beforeAll(async () => {
  const pyodide = await loadTestPyodide()
  kernel = new PyodideKernel({
    id: 'k1',
    name: 'python',
    location: '',
    sendMessage: (m) => sent.push(m),
    init: initPayload(),
    createWorker: () => new FakeWorker(pyodide),
    shared: null,
  })
  await kernel.ready
})

const execute = (code: string) =>
  KernelMessage.createMessage<KernelMessage.IExecuteRequestMsg>({
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
const answers = (parent: KernelMessage.IMessage) => sent.filter((m) => m.parent_header.msg_id === parent.header.msg_id)

it("publishes comms Python opens, delivers the page's messages and answers comm_info_request", async () => {
  const run = execute(
    [
      'import comm',
      'c = comm.create_comm(target_name="jupyter.widget", data={"state": {"value": 1}})',
      'got = []',
      'c.on_msg(lambda m: (got.append(m["content"]["data"]), c.send({"ack": len(got)}, buffers=[b"ok"])))',
    ].join('\n'),
  )
  await kernel.handleMessage(run)
  const open = answers(run).find((m) => m.header.msg_type === 'comm_open')
  expect(open).toMatchObject({
    channel: 'iopub',
    content: { target_name: 'jupyter.widget', data: { state: { value: 1 } } },
  })
  const commId = String(Reflect.get(open?.content ?? {}, 'comm_id'))

  const msg = KernelMessage.createMessage<KernelMessage.ICommMsgMsg<'shell'>>({
    channel: 'shell',
    session: 's',
    msgType: 'comm_msg',
    content: { comm_id: commId, data: { method: 'update', state: { value: 5 } } },
    buffers: [new Uint8Array([1]).buffer],
  })
  await kernel.handleMessage(msg)
  const reply = answers(msg).find((m) => m.header.msg_type === 'comm_msg')
  expect(reply).toMatchObject({ channel: 'iopub', content: { comm_id: commId, data: { ack: 1 } } })
  const [buffer] = reply?.buffers ?? []
  expect(
    buffer instanceof ArrayBuffer
      ? [...new Uint8Array(buffer)]
      : buffer && [...new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)],
  ).toEqual([111, 107])

  const info = KernelMessage.createMessage<KernelMessage.ICommInfoRequestMsg>({
    channel: 'shell',
    session: 's',
    msgType: 'comm_info_request',
    content: { target_name: 'jupyter.widget' },
  })
  await kernel.handleMessage(info)
  expect(answers(info).find((m) => m.header.msg_type === 'comm_info_reply')?.content).toEqual({
    status: 'ok',
    comms: { [commId]: { target_name: 'jupyter.widget' } },
  })

  const check = execute('got')
  await kernel.handleMessage(check)
  expect(answers(check).find((m) => m.header.msg_type === 'execute_result')?.content).toMatchObject({
    data: { 'text/plain': "[{'method': 'update', 'state': {'value': 5}}]" },
  })
})

it('publishes a comm message an asyncio task sends after its cell, with the last request as parent', async () => {
  const run = execute(
    'import asyncio, comm\nlate = comm.create_comm(target_name="t")\nasync def tick():\n    await asyncio.sleep(0.05)\n    late.send({"tick": 1})\nasyncio.ensure_future(tick())',
  )
  await kernel.handleMessage(run)
  await expect
    .poll(
      () =>
        sent.find(
          (m) =>
            m.header.msg_type === 'comm_msg' &&
            m.channel === 'iopub' &&
            Reflect.get(Reflect.get(m.content, 'data') ?? {}, 'tick') === 1,
        )?.parent_header,
    )
    .toMatchObject({ msg_id: run.header.msg_id })
})
