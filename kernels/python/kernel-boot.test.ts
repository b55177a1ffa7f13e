// The worker side of issue 8 under real Pyodide in Node: a kernel server boots, installs an
// environment, snapshots it after `init`; a second server boots from those bytes; damaged bytes
// fall back to a plain boot. Each boot takes seconds here, so the servers are shared in order.
import { loadPyodide } from 'pyodide'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { buildWheel } from '../../scripts/lib/wheel.mjs'
import { bootPyodide, importModuleFactory, withModuleFactory, type LoadOptions } from './kernel-boot'
import { createKernelServer } from './kernel-server'
import type { BootResult, InitPayload, RequestBody, SnapshotResult, WorkerMessage } from './protocol'
import { decodeSnapshot } from './snapshot-envelope'
import { pySources } from './sources'
import { initPayload, PYODIDE_DIR, streamText } from './testing'

// Its import-time value tells a restored module from one imported again.
const wheel = buildWheel({
  name: 'stamped',
  version: '1.0',
  files: { 'stamped/__init__.py': 'import random\nSTAMP = random.random()\n' },
})

/** A kernel server on real Pyodide, driven like the page drives the worker. */
// As the worker does: the factory wrapped (the calloc trampoline of dylib-snapshot.ts).
const load = async (options: LoadOptions) =>
  loadPyodide(await withModuleFactory(options, () => importModuleFactory(PYODIDE_DIR)))

function startServer() {
  const posted: WorkerMessage[] = []
  const loads: LoadOptions[] = []
  const waiting = new Map<number, (m: WorkerMessage) => void>()
  const handle = createKernelServer({
    post: (m) => {
      posted.push(m)
      if (m.type === 'response') waiting.get(m.id)?.(m)
    },
    loadPyodide: async (options) => {
      loads.push(options)
      return load(options)
    },
    sources: pySources,
  })
  let nextId = 1
  async function call(body: RequestBody) {
    const id = nextId++
    const res = await new Promise<WorkerMessage>((resolve) => {
      waiting.set(id, resolve)
      handle({ ...body, id })
    })
    if (res.type !== 'response' || !res.ok) throw new Error(`request ${body.type} failed: ${JSON.stringify(res)}`)
    return res.result
  }
  async function run(code: string, executionCount = 1) {
    const first = posted.length
    const result = await call({ type: 'execute', payload: { code, executionCount } })
    const events = posted.slice(first).flatMap((m) => (m.type === 'stream' ? [m] : []))
    return { result, text: streamText(events) }
  }
  return { call, run, loads, handle }
}

const init = (cwd: string, extra: Partial<InitPayload> = {}) =>
  initPayload({
    cwd,
    wheels: [{ filename: wheel.filename, data: wheel.bytes }],
    files: [{ path: 'data.txt', data: new TextEncoder().encode(cwd) }],
    ...extra,
  })

const PROBE =
  'import os, sys\nprint("stamped" in sys.modules, "mine" in globals(), os.getcwd(), open("data.txt").read(), sys.path.count("/home/pyodide/first"))'

describe('kernel boot requests', () => {
  it('reports a boot that fails as KERNEL_START_FAILED, and the init after it fails the same way', async () => {
    const posted: WorkerMessage[] = []
    const handle = createKernelServer({
      post: (m) => posted.push(m),
      loadPyodide: () => Promise.reject(new Error('404 pyodide.asm.wasm')),
      sources: {},
    })
    handle({ id: 1, type: 'boot', payload: { indexURL: PYODIDE_DIR } })
    handle({ id: 2, type: 'init', payload: initPayload() })
    await vi.waitFor(() => expect(posted).toHaveLength(3))
    for (const id of [1, 2]) {
      expect(posted.find((m) => m.type === 'response' && m.id === id)).toMatchObject({
        ok: false,
        error: { code: 'KERNEL_START_FAILED', message: '404 pyodide.asm.wasm' },
      })
    }
  })
})

describe('kernel boot and memory snapshot', () => {
  let bytes: Uint8Array
  let stamp: string

  beforeAll(async () => {
    const first = startServer()
    const boot = (await first.call({ type: 'boot', payload: { indexURL: PYODIDE_DIR } })) as BootResult
    expect(boot.from).toBe('fresh')
    expect(first.loads[0]).toMatchObject({ _makeSnapshot: true })
    await first.call({ type: 'init', payload: init('/home/pyodide/first', { makeSnapshot: true }) })
    const snap = (await first.call({ type: 'snapshot', payload: {} })) as SnapshotResult
    if (!snap.ok) throw new Error(snap.reason)
    bytes = snap.bytes
    // Made by a wrapped boot: Quire's envelope, with no shared libraries in it.
    expect(decodeSnapshot(bytes)?.meta).toEqual({ libs: [], packages: [] })
    // The environment was imported before the snapshot, and user code runs only after it.
    const probe = await first.run('mine = 1\nimport sys, stamped\nprint(sys.modules["stamped"].STAMP)')
    stamp = probe.text.trim()
    // Taken once: a second request says there is none.
    expect(await first.call({ type: 'snapshot', payload: {} })).toMatchObject({ ok: false })
  }, 120_000)

  it('boots from the snapshot with the environment imported, no user state, and the new repository files', async () => {
    const second = startServer()
    const boot = (await second.call({
      type: 'boot',
      payload: { indexURL: PYODIDE_DIR, snapshot: bytes },
    })) as BootResult
    expect(boot).toMatchObject({ from: 'snapshot' })
    await second.call({ type: 'init', payload: init('/home/pyodide/second') })
    const probe = await second.run(PROBE)
    expect(probe.text).toBe('True False /home/pyodide/second /home/pyodide/second 0\n')
    // The module is the one in the snapshot's memory, not imported again.
    expect((await second.run('import stamped\nprint(stamped.STAMP)', 2)).text.trim()).toBe(stamp)
    // Wheel files are back on disk for imports the snapshot did not do.
    expect((await second.run('import importlib.metadata as m\nprint(m.version("stamped"))', 3)).text).toBe('1.0\n')
    // A kernel booted from a snapshot does not make another.
    expect(await second.call({ type: 'snapshot', payload: {} })).toMatchObject({ ok: false })
  }, 120_000)

  it('falls back to a plain boot when the snapshot does not load, and still runs cells', async () => {
    const third = startServer()
    const damaged = bytes.slice(0, 4096) // what a truncated write would leave
    const boot = (await third.call({
      type: 'boot',
      payload: { indexURL: PYODIDE_DIR, snapshot: damaged },
    })) as BootResult
    expect(boot.from).toBe('fallback')
    expect(boot.snapshotError).toBeTruthy()
    await third.call({ type: 'init', payload: init('/home/pyodide/third') })
    const probe = await third.run(PROBE)
    expect(probe.text).toBe('False False /home/pyodide/third /home/pyodide/third 0\n')
  }, 120_000)

  it("starts restoring before the page's sha256 check ends, and copies the memory back only once it passed", async () => {
    let isAwaited = false
    let settle: (damaged: string | undefined) => void = () => {}
    const verdict = new Promise<string | undefined>((resolve) => (settle = resolve))
    // Notes when the restore waits for the check (a thenable, as `await` reads it).
    const check = {
      then: (ok: (d: string | undefined) => unknown, err: (e: unknown) => unknown) => {
        isAwaited = true
        return verdict.then(ok, err)
      },
    } as unknown as Promise<string | undefined>
    let isDone = false
    const booting = bootPyodide(
      load,
      { indexURL: PYODIDE_DIR, snapshot: bytes.slice(), awaitsCheck: true },
      true,
      undefined,
      undefined,
      check,
    ).finally(() => (isDone = true))
    // The core is fetched and instantiated meanwhile; then the restore waits for the page.
    await vi.waitFor(() => expect(isAwaited).toBe(true), { timeout: 60_000 })
    expect(isDone).toBe(false)
    settle(undefined)
    const { result } = await booting
    expect(result).toMatchObject({ from: 'snapshot' })
    expect(Object.keys(result.phases ?? {})).toEqual(['fetch', 'core', 'check', 'libraries', 'memory', 'unpack'])
  }, 120_000)

  it('a snapshot the page found damaged is never restored: Python boots plainly, even when told before boot', async () => {
    const fourth = startServer()
    // The check may reach the worker before its queue serves `boot`.
    fourth.handle({ type: 'snapshot_check', damaged: 'sha256 0123456789ab… is not the stored ba9876543210…' })
    const boot = (await fourth.call({
      type: 'boot',
      payload: { indexURL: PYODIDE_DIR, snapshot: bytes.slice(), awaitsCheck: true },
    })) as BootResult
    expect(boot.from).toBe('fallback')
    expect(boot.snapshotError).toBe(
      "the page's check refused the snapshot: sha256 0123456789ab… is not the stored ba9876543210…",
    )
    await fourth.call({ type: 'init', payload: init('/home/pyodide/fourth') })
    // Not restored: the environment's module was not imported in this interpreter.
    expect((await fourth.run(PROBE)).text).toBe('False False /home/pyodide/fourth /home/pyodide/fourth 0\n')
  }, 120_000)
})

describe('baseline snapshot (the interpreter alone, issue 18)', () => {
  let baseline: Uint8Array

  beforeAll(async () => {
    const first = startServer()
    const boot = (await first.call({
      type: 'boot',
      payload: { indexURL: PYODIDE_DIR, makeBaseline: true },
    })) as BootResult
    expect(boot).toMatchObject({ from: 'fresh', hasBaseline: true })
    const snap = (await first.call({ type: 'snapshot', payload: { baseline: true } })) as SnapshotResult
    if (!snap.ok) throw new Error(snap.reason)
    baseline = snap.bytes
    expect(decodeSnapshot(baseline)?.meta).toEqual({ libs: [], packages: [] })
    // Handed over once.
    expect(await first.call({ type: 'snapshot', payload: { baseline: true } })).toMatchObject({ ok: false })
    // The interpreter that made it goes on to run its own environment.
    await first.call({ type: 'init', payload: init('/home/pyodide/first') })
    expect((await first.run('import stamped\nprint(type(stamped.STAMP).__name__)')).text).toBe('float\n')
  }, 120_000)

  it('restores any environment, which then gets a snapshot of its own that restores too', async () => {
    const second = startServer()
    const boot = (await second.call({
      type: 'boot',
      payload: { indexURL: PYODIDE_DIR, snapshot: baseline, isBaseline: true },
    })) as BootResult
    expect(boot.from).toBe('baseline')
    // Restored able to snapshot again.
    expect(second.loads[0]).toMatchObject({ _makeSnapshot: true })
    await second.call({ type: 'init', payload: init('/home/pyodide/second', { makeSnapshot: true }) })
    // Nothing of the baseline's own boot is imported: `stamped` comes from this environment.
    const probe = await second.run(PROBE)
    expect(probe.text).toBe('True False /home/pyodide/second /home/pyodide/second 0\n')
    const stamp = (await second.run('import stamped\nprint(stamped.STAMP)', 2)).text.trim()
    expect(stamp).toMatch(/^0\.\d+$/)
    const snap = (await second.call({ type: 'snapshot', payload: {} })) as SnapshotResult
    if (!snap.ok) throw new Error(snap.reason)

    const third = startServer()
    const again = (await third.call({
      type: 'boot',
      payload: { indexURL: PYODIDE_DIR, snapshot: snap.bytes },
    })) as BootResult
    expect(again.from).toBe('snapshot')
    await third.call({ type: 'init', payload: init('/home/pyodide/third') })
    expect((await third.run('import stamped, js\nprint(stamped.STAMP, type(js.Object).__name__)')).text).toBe(
      `${stamp} JsProxy\n`,
    )
  }, 180_000)

  it('a baseline handed over as an environment snapshot is not made a snapshot-maker', async () => {
    const fourth = startServer()
    const boot = (await fourth.call({
      type: 'boot',
      payload: { indexURL: PYODIDE_DIR, snapshot: baseline },
    })) as BootResult
    expect(boot.from).toBe('snapshot')
    expect(fourth.loads[0]).not.toHaveProperty('_makeSnapshot')
  }, 120_000)
})
