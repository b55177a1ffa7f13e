// The e2e fixture package miniwidgets (an ipywidgets-shaped IntSlider) on the kernel's comm layer:
// what the page's widget manager will see, checked message by message in real Python.
import { fileURLToPath } from 'node:url'
import { beforeAll, expect, it } from 'vitest'
import { buildWheelFromDir } from '../../scripts/lib/wheel.mjs'
import type { CommEvent, CommPayload, KernelEvent } from './protocol'
import { loadTestPyodide, startTestHost, streamText } from './testing'

let h: Awaited<ReturnType<typeof startTestHost>>

beforeAll(async () => {
  const wheel = await buildWheelFromDir(
    fileURLToPath(new URL('../../e2e/fixtures/packages/miniwidgets', import.meta.url)),
  )
  h = await startTestHost(await loadTestPyodide(), {}, { wheels: [{ filename: wheel.filename, data: wheel.bytes }] })
})

const comms = (events: KernelEvent[]) => events.filter((e): e is CommEvent => e.type.startsWith('comm_'))
let nextId = 5000
function fromPage(payload: CommPayload): CommEvent[] {
  const id = ++nextId
  const first = h.posted.length
  h.host.comm(id, payload)
  return comms(
    h.posted
      .slice(first)
      .flatMap((m): KernelEvent[] =>
        'id' in m && m.id === id && m.type !== 'response' && m.type !== 'install' ? [m] : [],
      ),
  )
}

it('an IntSlider opens its models, displays a widget view, follows page updates and answers the control comm', async () => {
  const { events } = await h.run(
    'import miniwidgets as widgets\ns = widgets.IntSlider(value=3, max=10, description="n")\nseen = []\ns.observe(lambda c: seen.append(c["new"]), names="value")\ns',
  )
  const opens = comms(events).filter((e) => e.type === 'comm_open')
  // Layout and style first: the slider's state refers to them.
  expect(opens.map((e) => e.type === 'comm_open' && e.content.data.state)).toMatchObject([
    { _model_name: 'LayoutModel', _model_module: '@jupyter-widgets/base', _model_module_version: '2.0.0' },
    { _model_name: 'SliderStyleModel', _model_module: '@jupyter-widgets/controls' },
    {
      _model_name: 'IntSliderModel',
      _model_module: '@jupyter-widgets/controls',
      _model_module_version: '2.0.0',
      _view_name: 'IntSliderView',
      value: 3,
      max: 10,
      description: 'n',
    },
  ])
  const slider = opens[2]
  expect(slider.metadata).toEqual({ version: '2.1.0' })
  expect(slider.content).toMatchObject({ target_name: 'jupyter.widget' })
  const sliderId = slider.content.comm_id
  const result = events.find((e) => e.type === 'execute_result')
  expect(result?.type === 'execute_result' && result.content.data['application/vnd.jupyter.widget-view+json']).toEqual({
    version_major: 2,
    version_minor: 0,
    model_id: sliderId,
  })

  // The user drags the slider: the kernel sees the value and does not echo it back.
  expect(
    fromPage({
      msgType: 'comm_msg',
      content: { comm_id: sliderId, data: { method: 'update', state: { value: 7 }, buffer_paths: [] } },
      metadata: {},
      buffers: [],
    }),
  ).toEqual([])
  expect(streamText((await h.run('print(s.value, seen)')).events)).toBe('7 [7]\n')

  // Python sets the value: the page is told.
  expect(comms((await h.run('s.value = 9')).events)).toMatchObject([
    { type: 'comm_msg', content: { comm_id: sliderId, data: { method: 'update', state: { value: 9 } } } },
  ])

  // A page restoring widgets asks through the control comm.
  expect(
    fromPage({
      msgType: 'comm_open',
      content: { comm_id: 'ctl', target_name: 'jupyter.widget.control', data: {} },
      metadata: { version: '1.0.0' },
      buffers: [],
    }),
  ).toEqual([])
  const [states] = fromPage({
    msgType: 'comm_msg',
    content: { comm_id: 'ctl', data: { method: 'request_states' } },
    metadata: {},
    buffers: [],
  })
  expect(states.content.data).toMatchObject({
    method: 'update_states',
    states: { [sliderId]: { model_name: 'IntSliderModel', state: { value: 9 } } },
  })
  expect(Object.keys(h.host.commInfo({ targetName: 'jupyter.widget' }))).toContain(sliderId)
})

it("Output takes the running request's msg_id inside `with`, from get_ipython().kernel.get_parent()", async () => {
  const first = h.posted.length
  await h.host.execute(9001, {
    code: 'out = widgets.Output()\nwith out:\n    print("inside")\nprint("after")',
    executionCount: 99,
    msgId: 'req-42',
  })
  const events = h.posted
    .slice(first)
    .flatMap((m): KernelEvent[] =>
      'id' in m && m.id === 9001 && m.type !== 'response' && m.type !== 'install' ? [m] : [],
    )
  const msgIds = comms(events).flatMap((e) => {
    const state: unknown = e.type === 'comm_msg' ? e.content.data.state : undefined
    return typeof state === 'object' && state !== null && 'msg_id' in state ? [state.msg_id] : []
  })
  expect(msgIds).toEqual(['req-42', ''])
  // The print inside lands between the two updates, so the page can route it into the widget.
  expect(
    events
      .map((e) => (e.type === 'stream' ? e.content.text : e.type === 'comm_msg' ? 'update' : e.type))
      .filter((t) => t !== 'comm_open'),
  ).toEqual(['update', 'inside\n', 'update', 'after\n'])
})
