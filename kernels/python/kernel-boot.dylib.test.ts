// Issue 18 under real Pyodide in Node: an interpreter that loaded numpy's and Pillow's shared
// libraries (real wheels from ../shared/pyodide-wheels) is snapshotted, restored with its libraries
// loaded again at their old places, and computes; a snapshot whose library table does not match
// falls back to a plain boot. Skipped, with a warning, when the wheels are not beside the project.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadPyodide } from 'pyodide'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportMissing, sharedWheels, writeMirrorDir } from '../../e2e/servers/pyodide-mirror'
import { importModuleFactory, withModuleFactory } from './kernel-boot'
import { createKernelServer } from './kernel-server'
import type { BootResult, RequestBody, SnapshotResult, WorkerMessage } from './protocol'
import { decodeSnapshot, encodeSnapshot } from './snapshot-envelope'
import { pySources } from './sources'
import { initPayload, streamText } from './testing'

const shared = sharedWheels()
if (!shared.ok) reportMissing('kernel-boot.dylib.test.ts (snapshots with numpy loaded)', shared.reason)

/** A kernel server as the worker runs it: the module factory wrapped, package files read from `dir`. */
function startServer(dir: string, gate?: { coreStarted: () => void; fetchAfter: Promise<void> }) {
  const posted: WorkerMessage[] = []
  const waiting = new Map<number, (m: WorkerMessage) => void>()
  const handle = createKernelServer({
    post: (m) => {
      posted.push(m)
      if (m.type === 'response') waiting.get(m.id)?.(m)
    },
    loadPyodide: async (options) => {
      gate?.coreStarted()
      return loadPyodide(await withModuleFactory(options, () => importModuleFactory(dir)))
    },
    fetchBytes: async (url) => {
      await gate?.fetchAfter
      return new Uint8Array(readFileSync(join(dir, url.slice(url.lastIndexOf('/') + 1))))
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
    await call({ type: 'execute', payload: { code, executionCount } })
    return streamText(posted.slice(first).flatMap((m) => (m.type === 'stream' ? [m] : [])))
  }
  return { call, run }
}

// Uses every kind of library numpy and Pillow load: the core, linalg, fft, random's generators, Pillow's PNG writer.
const COMPUTE = `import sys
print("numpy" in sys.modules)
import numpy as np, io
from PIL import Image
print(round(float(np.linalg.det(np.eye(3) * 2)), 6), np.fft.fft(np.arange(4.0)).real.tolist())
print(np.random.default_rng(1).integers(0, 100, 3).tolist())
b = io.BytesIO(); Image.fromarray(np.full((4, 4, 3), 200, dtype=np.uint8)).save(b, "PNG"); print(b.getvalue()[:4])`

describe.skipIf(!shared.ok)('a snapshot of an interpreter with shared libraries loaded (real numpy and Pillow)', () => {
  let dir = ''
  let bytes: Uint8Array
  let baseline: Uint8Array
  let expected = ''

  beforeAll(async () => {
    if (!shared.ok) return
    dir = writeMirrorDir(shared.wheels, mkdtempSync(join(tmpdir(), 'quire-mirror-')))
    const first = startServer(dir)
    expect(await first.call({ type: 'boot', payload: { indexURL: dir, makeBaseline: true } })).toMatchObject({
      from: 'fresh',
      hasBaseline: true,
    })
    const base = (await first.call({ type: 'snapshot', payload: { baseline: true } })) as SnapshotResult
    if (!base.ok) throw new Error(base.reason)
    baseline = base.bytes
    const init = initPayload({ indexURL: dir, pyodidePackages: ['numpy', 'pillow'], makeSnapshot: true })
    await first.call({ type: 'init', payload: init })
    const snap = (await first.call({ type: 'snapshot', payload: {} })) as SnapshotResult
    if (!snap.ok) throw new Error(snap.reason)
    bytes = snap.bytes
    expected = (await first.run(COMPUTE)).split('\n').slice(1).join('\n')
  }, 300_000)

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('records every library with its memory base and table base, in table order', () => {
    const envelope = decodeSnapshot(bytes)
    const libs = envelope?.meta.libs ?? []
    expect(libs.map((l) => l.name)).toContain(
      '/lib/python3.14/site-packages/numpy/_core/_multiarray_umath.cpython-314-wasm32-emscripten.so',
    )
    expect(libs.length).toBeGreaterThan(15)
    const bases = libs.map((l) => l.tableBase)
    expect(bases).toEqual([...bases].sort((a, b) => a - b))
    expect(envelope?.meta.packages.map((p) => p.name).sort()).toEqual(['Pillow', 'numpy'])
  })

  it('restores with numpy already imported, and computes as the original did', async () => {
    const second = startServer(dir)
    // Every side module arrives compiled ahead (WebAssembly.compile): the loader compiles none synchronously.
    const Real = WebAssembly.Module
    const syncCompiled: number[] = []
    WebAssembly.Module = new Proxy(Real, {
      construct(target, args: [BufferSource]) {
        syncCompiled.push(args[0].byteLength)
        return Reflect.construct(target, args) as object
      },
    })
    let boot: BootResult
    try {
      boot = (await second.call({ type: 'boot', payload: { indexURL: dir, snapshot: bytes } })) as BootResult
    } finally {
      WebAssembly.Module = Real
    }
    expect(boot).toMatchObject({ from: 'snapshot', libraries: decodeSnapshot(bytes)?.meta.libs.length })
    // Only the calloc trampoline (a few dozen bytes) is compiled on the spot.
    expect(syncCompiled.filter((n) => n > 1000)).toEqual([])
    // The restore says where its time went, phase by phase: the packages' fetch alongside the core's start,
    // then the rest one after another, adding up to the boot.
    const phases = boot.phases ?? { fetch: -1, core: -1, libraries: -1, memory: -1, unpack: -1 }
    for (const ms of Object.values(phases)) expect(ms).toBeGreaterThanOrEqual(0)
    expect(phases.libraries).toBeGreaterThan(0)
    expect(phases.fetch).toBeLessThanOrEqual(phases.core + phases.libraries)
    const sum = phases.core + phases.libraries + phases.memory + phases.unpack
    expect(Math.abs(sum - boot.ms)).toBeLessThan(50)
    await second.call({ type: 'init', payload: initPayload({ indexURL: dir, pyodidePackages: ['numpy', 'pillow'] }) })
    const out = await second.run(COMPUTE)
    expect(out.split('\n')[0]).toBe('True')
    expect(out.split('\n').slice(1).join('\n')).toBe(expected)
    expect(expected).toContain("b'\\x89PNG'")
    // The rest of the wheels is on disk after the restore: a submodule the snapshot never imported, the metadata;
    // and the restore's own helper left nothing behind (no archive, nothing in the user's namespace).
    const rest = await second.run(
      'import sys, os, importlib.metadata as m\nprint("numpy.f2py" in sys.modules)\nimport numpy.f2py\n' +
        'print(m.version("numpy"), "extract_rest" in globals(), os.path.exists("/tmp/quire-restore-package.zip"))',
      2,
    )
    expect(rest).toBe('False\n2.4.3 False False\n')
  }, 300_000)

  it("starts Pyodide's core while the packages' files are still being fetched", async () => {
    // The files arrive only once the core has started loading: a restore that waited for them first never ends.
    let coreStarted = () => {}
    const fetchAfter = new Promise<void>((resolve) => (coreStarted = resolve))
    const server = startServer(dir, { coreStarted, fetchAfter })
    const boot = (await server.call({ type: 'boot', payload: { indexURL: dir, snapshot: bytes } })) as BootResult
    expect(boot).toMatchObject({ from: 'snapshot', libraries: decodeSnapshot(bytes)?.meta.libs.length })
    await server.call({ type: 'init', payload: initPayload({ indexURL: dir, pyodidePackages: ['numpy', 'pillow'] }) })
    expect((await server.run(COMPUTE)).split('\n').slice(1).join('\n')).toBe(expected)
  }, 120_000)

  it('falls back to a plain boot when a library would land elsewhere, and still computes', async () => {
    const envelope = decodeSnapshot(bytes)
    if (!envelope) throw new Error('no envelope')
    const [lib, ...rest] = envelope.meta.libs
    const moved = encodeSnapshot(
      { ...envelope.meta, libs: [{ ...lib, tableBase: lib.tableBase + 1 }, ...rest] },
      envelope.pyodide,
    )
    const third = startServer(dir)
    const boot = (await third.call({ type: 'boot', payload: { indexURL: dir, snapshot: moved } })) as BootResult
    expect(boot.from).toBe('fallback')
    expect(boot.snapshotError).toContain('table base')
    await third.call({ type: 'init', payload: initPayload({ indexURL: dir, pyodidePackages: ['numpy', 'pillow'] }) })
    const out = await third.run(COMPUTE)
    expect(out.split('\n').slice(1).join('\n')).toBe(expected)
  }, 300_000)

  it('an environment installed on the baseline snapshot gets a snapshot with its libraries, which restores', async () => {
    const fromBaseline = startServer(dir)
    const boot = (await fromBaseline.call({
      type: 'boot',
      payload: { indexURL: dir, snapshot: baseline, isBaseline: true },
    })) as BootResult
    expect(boot.from).toBe('baseline')
    const init = initPayload({ indexURL: dir, pyodidePackages: ['numpy', 'pillow'], makeSnapshot: true })
    await fromBaseline.call({ type: 'init', payload: init })
    const snap = (await fromBaseline.call({ type: 'snapshot', payload: {} })) as SnapshotResult
    if (!snap.ok) throw new Error(snap.reason)
    expect(decodeSnapshot(snap.bytes)?.meta.libs.length).toBe(decodeSnapshot(bytes)?.meta.libs.length)
    const restored = startServer(dir)
    const again = (await restored.call({
      type: 'boot',
      payload: { indexURL: dir, snapshot: snap.bytes },
    })) as BootResult
    expect(again).toMatchObject({ from: 'snapshot', libraries: decodeSnapshot(bytes)?.meta.libs.length })
    await restored.call({ type: 'init', payload: initPayload({ indexURL: dir, pyodidePackages: ['numpy', 'pillow'] }) })
    const out = await restored.run(COMPUTE)
    expect(out.split('\n')[0]).toBe('True')
    expect(out.split('\n').slice(1).join('\n')).toBe(expected)
  }, 300_000)
})
