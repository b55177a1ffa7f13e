// Comms in real Python (Pyodide in Node): the `comm` package's API, messages both ways, buffers,
// comm_info, and a page-opened comm to a target nobody registered.
import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import { BACKGROUND_ID, type CommEvent, type CommPayload, type KernelEvent } from './protocol'
import { loadTestPyodide, startTestHost, streamText } from './testing'

let pyodide: PyodideAPI
let h: Awaited<ReturnType<typeof startTestHost>>

beforeAll(async () => {
  pyodide = await loadTestPyodide()
  h = await startTestHost(pyodide)
})

const comms = (events: KernelEvent[]) => events.filter((e): e is CommEvent => e.type.startsWith('comm_'))
let nextCommId = 1000

/** Sends a comm message as the page would; returns the events Python's handlers posted. */
function fromPage(payload: CommPayload): KernelEvent[] {
  const id = ++nextCommId
  const first = h.posted.length
  h.host.comm(id, payload)
  return h.posted
    .slice(first)
    .flatMap((m): KernelEvent[] =>
      'id' in m && m.id === id && m.type !== 'response' && m.type !== 'install' ? [m] : [],
    )
}

describe('comms', () => {
  it('`import comm` gives the kernel comm manager, and create_comm opens the page end', async () => {
    const { result, events } = await h.run(
      'import comm\nc = comm.create_comm(target_name="t1", data={"x": 1}, metadata={"version": "2.1.0"}, buffers=[b"\\x01\\x02"])\nc.send({"y": 2})',
    )
    expect(result).toEqual({ status: 'ok' })
    const [open, msg] = comms(events)
    expect(open).toMatchObject({
      type: 'comm_open',
      content: { target_name: 't1', data: { x: 1 } },
      metadata: { version: '2.1.0' },
    })
    expect([...open.buffers[0]]).toEqual([1, 2])
    expect(msg).toMatchObject({ type: 'comm_msg', content: { comm_id: open.content.comm_id, data: { y: 2 } } })
  })

  it('messages from the page reach on_msg, with their buffers; replies go back', async () => {
    await h.run(
      [
        'got = []',
        'def on_msg(m):',
        '    got.append((m["content"]["data"], [bytes(b) for b in m["buffers"]]))',
        '    c.send({"echo": m["content"]["data"]["v"]})',
        'c.on_msg(on_msg)',
      ].join('\n'),
    )
    const cid = (await h.run('c.comm_id')).events
    const commId = JSON.parse(
      String(cid.find((e) => e.type === 'execute_result')?.content.data['text/plain']).replace(/'/g, '"'),
    )
    const events = fromPage({
      msgType: 'comm_msg',
      content: { comm_id: commId, data: { v: 7 } },
      metadata: {},
      buffers: [new Uint8Array([9])],
    })
    expect(comms(events)).toMatchObject([{ type: 'comm_msg', content: { comm_id: commId, data: { echo: 7 } } }])
    expect(streamText((await h.run('print(got)')).events)).toBe("[({'v': 7}, [b'\\t'])]\n")
  })

  it('comm_info lists open comms, by target', async () => {
    await h.run('c2 = comm.create_comm(target_name="t2")')
    const all = h.host.commInfo({})
    const t2 = h.host.commInfo({ targetName: 't2' })
    expect(
      Object.values(all)
        .map((c) => c.target_name)
        .sort(),
    ).toEqual(['t1', 't2'])
    expect(Object.values(t2)).toEqual([{ target_name: 't2' }])
  })

  it('the page opens a comm to a registered target; its close reaches on_close', async () => {
    await h.run(
      [
        'opened = []',
        'def target(c, msg):',
        '    opened.append(msg["content"]["data"])',
        '    c.on_close(lambda m: opened.append("closed"))',
        '    c.send({"hello": True})',
        'comm.get_comm_manager().register_target("page.target", target)',
      ].join('\n'),
    )
    const open = fromPage({
      msgType: 'comm_open',
      content: { comm_id: 'p1', target_name: 'page.target', data: { a: 1 } },
      metadata: {},
      buffers: [],
    })
    expect(comms(open)).toMatchObject([{ type: 'comm_msg', content: { comm_id: 'p1', data: { hello: true } } }])
    expect(h.host.commInfo({ targetName: 'page.target' })).toEqual({ p1: { target_name: 'page.target' } })
    expect(
      comms(fromPage({ msgType: 'comm_close', content: { comm_id: 'p1', data: {} }, metadata: {}, buffers: [] })),
    ).toEqual([])
    expect(streamText((await h.run('print(opened)')).events)).toBe("[{'a': 1}, 'closed']\n")
    expect(h.host.commInfo({ targetName: 'page.target' })).toEqual({})
  })

  it('a message sent from an asyncio task after its cell ended is posted untied to a request', async () => {
    await h.run(
      'import asyncio\nasync def later():\n    await asyncio.sleep(0.05)\n    c.send({"late": True})\ntask = asyncio.ensure_future(later())',
    )
    await expect
      .poll(() => h.posted.find((m) => m.type === 'comm_msg' && m.id === BACKGROUND_ID && m.content.data.late === true))
      .toBeTruthy()
  })

  it('a comm to an unknown target is closed again, as ipykernel does', () => {
    const events = fromPage({
      msgType: 'comm_open',
      content: { comm_id: 'p2', target_name: 'nobody', data: {} },
      metadata: {},
      buffers: [],
    })
    expect(comms(events)).toMatchObject([{ type: 'comm_close', content: { comm_id: 'p2' } }])
  })

  it('get_ipython().showtraceback() prints the exception being handled, as ipywidgets expects', async () => {
    const { events } = await h.run('try:\n    {}["k"]\nexcept KeyError:\n    get_ipython().showtraceback()')
    expect(
      events
        .filter((e) => e.type === 'stream')
        .map((e) => e.type === 'stream' && e.content.text)
        .join(''),
    ).toContain("KeyError: 'k'")
  })

  it('an exception in a handler is printed to stderr, and the kernel goes on', async () => {
    await h.run('c.on_msg(lambda m: 1 / 0)')
    const commId = h.host.commInfo({ targetName: 't1' })
    const events = fromPage({
      msgType: 'comm_msg',
      content: { comm_id: Object.keys(commId)[0], data: {} },
      metadata: {},
      buffers: [],
    })
    expect(
      events
        .filter((e) => e.type === 'stream')
        .map((e) => e.type === 'stream' && e.content.text)
        .join(''),
    ).toContain('ZeroDivisionError')
    expect((await h.run('1 + 1')).result).toEqual({ status: 'ok' })
  })
})
