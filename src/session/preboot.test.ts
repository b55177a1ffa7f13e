// The page's side of the early kernel: which snapshot it boots from, what it deletes, when it
// hands the worker over. The worker here is a stand-in answering `boot` (the real worker side is
// tested under Pyodide in kernels/python/kernel-boot.test.ts).
import { describe, expect, it } from 'vitest'
import type { BootPayload, BootPhases, MainMessage, WorkerMessage } from '../../kernels/python/protocol'
import type { WorkerLike } from '../../kernels/python/worker-client'
import { baselineKey, envDigest, snapshotKey, writeSnapshot, type EnvContents, type SnapshotStorage } from '../snapshot'
import type { SnapshotRecord } from '../store'
import { Preboot } from './preboot'

/**
 * Answers `boot`: bytes starting with 0 play a snapshot Pyodide's loader refuses. A boot that `awaitsCheck` is
 * answered only after the page's `snapshot_check`, as the real worker restores the memory only then.
 */
class BootingWorker implements WorkerLike {
  onerror: ((ev: ErrorEvent) => void) | null = null
  isTerminated = false
  readonly boots: Array<Uint8Array | undefined> = []
  private listener: ((ev: MessageEvent<WorkerMessage>) => void) | null = null

  // `ready` goes out once the client listens, as a real worker's first message is queued until then;
  // sent from the constructor it could be lost while a test is still writing its snapshot.
  constructor() {
    this.check = new Promise((resolve) => (this.settleCheck = resolve))
  }

  get onmessage() {
    return this.listener
  }
  set onmessage(fn: ((ev: MessageEvent<WorkerMessage>) => void) | null) {
    this.listener = fn
    if (fn) setTimeout(() => this.send({ type: 'ready' }))
  }

  readonly payloads: BootPayload[] = []
  /** The types of the messages the page sent, in order. */
  readonly sent: string[] = []
  /** The page's check of the snapshot, once it came: `{ damaged }`. */
  private check: Promise<{ damaged?: string }>
  private settleCheck: (c: { damaged?: string }) => void = () => {}
  /** What a snapshot restore reports as its phases, when set. */
  phases: BootPhases | undefined
  /** The baseline a plain boot made when asked (`makeBaseline`), until a `snapshot` request takes it. */
  private baseline: Uint8Array | undefined

  postMessage(msg: MainMessage): void {
    this.sent.push(msg.type)
    if (msg.type === 'snapshot_check') return this.settleCheck({ damaged: msg.damaged })
    if (msg.type === 'snapshot') {
      const bytes = msg.payload.baseline ? this.baseline : undefined
      this.baseline = undefined
      const result = bytes
        ? { ok: true as const, bytes, pyodideVersion: '314.0.7', ms: 0 }
        : { ok: false as const, reason: 'none' }
      setTimeout(() => this.send({ type: 'response', id: msg.id, ok: true, request: 'snapshot', result }))
      return
    }
    if (msg.type !== 'boot') return
    const { snapshot, isBaseline, makeBaseline, awaitsCheck } = msg.payload
    this.boots.push(snapshot)
    this.payloads.push(msg.payload)
    void (awaitsCheck ? this.check : Promise.resolve({ damaged: undefined })).then(({ damaged }) => {
      const refused = damaged === undefined ? undefined : `the page's check refused the snapshot: ${damaged}`
      const from = !snapshot
        ? 'fresh'
        : refused || snapshot[0] === 0
          ? 'fallback'
          : isBaseline
            ? 'baseline'
            : 'snapshot'
      const isPlain = from === 'fresh' || from === 'fallback'
      if (isPlain && makeBaseline) this.baseline = new Uint8Array([9, 9, 9, 9])
      const result = {
        from,
        pyodideVersion: '314.0.7',
        ms: 5,
        ...(from === 'fallback' ? { snapshotError: refused ?? 'Snapshot has invalid magic number' } : {}),
        ...(isPlain && makeBaseline ? { hasBaseline: true } : {}),
        ...(from === 'snapshot' && this.phases ? { phases: this.phases } : {}),
      } as const
      setTimeout(() => this.send({ type: 'response', id: msg.id, ok: true, request: 'boot', result }))
    })
  }

  terminate(): void {
    this.isTerminated = true
  }

  private send(data: WorkerMessage): void {
    this.onmessage?.(new MessageEvent('message', { data }))
  }
}

function setUp(stored: EnvContents | undefined, indexURL = 'http://x/pyodide/') {
  const records = new Map<string, SnapshotRecord>()
  const snapshots: SnapshotStorage = {
    get: async (k) => records.get(k),
    put: async (r) => void records.set(r.key, r),
    delete: async (k) => void records.delete(k),
  }
  const worker = new BootingWorker()
  const log: string[] = []
  const start = () =>
    new Preboot(
      { indexURL },
      {
        createWorker: () => worker,
        snapshots,
        pyodideVersion: '314.0.7',
        log: (l) => log.push(l),
        storedEnv: async () => stored,
      },
    )
  return { records, snapshots, worker, log, start }
}

const env: EnvContents = { pyodidePackages: [], wheels: [{ filename: 'stamped-1.0.0-py3-none-any.whl' }] }
const keyOf = async (e: EnvContents, indexURL = 'http://x/pyodide/') =>
  snapshotKey(await envDigest(e), '314.0.7', indexURL)

describe('Preboot', () => {
  it('boots plainly when nothing is stored, hands the worker over once, and plans a snapshot', async () => {
    const { worker, start, log } = setUp(undefined)
    const preboot = start()
    expect(await preboot.booted).toMatchObject({ from: 'fresh' })
    expect(worker.boots).toEqual([undefined])
    expect(await preboot.adopt(env)).toBeDefined()
    expect(await preboot.adopt(env)).toBeUndefined()
    expect(await preboot.plan(env, 'git:x@main@1')).toEqual({
      key: await keyOf(env),
      envId: 'git:x@main@1',
      isWanted: true,
    })
    expect(log).toEqual(['quire: kernel booted afresh (plain boot) in 0.01 s'])
  })

  it("boots from the stored snapshot of the link's environment and plans none", async () => {
    const { worker, start, snapshots } = setUp(env)
    const bytes = new Uint8Array([7, 7, 7])
    await writeSnapshot(snapshots, await keyOf(env), bytes, '314.0.7', 'git:x@main@1')
    const preboot = start()
    expect(await preboot.booted).toMatchObject({ from: 'snapshot' })
    expect(worker.boots).toEqual([bytes])
    expect(await preboot.adopt(env)).toBeDefined()
    expect((await preboot.plan(env, 'git:x@main@1')).isWanted).toBe(false)
  })

  it("never restores an environment's snapshot made with another core (another mirror): that boot is plain", async () => {
    const { worker, start, snapshots, log } = setUp(env, 'http://mirror/pyodide/')
    await writeSnapshot(snapshots, await keyOf(env), new Uint8Array([7]), '314.0.7', 'git:x@main@1')
    const preboot = start()
    expect(await preboot.booted).toMatchObject({ from: 'fresh' })
    expect(worker.boots).toEqual([undefined])
    expect(await preboot.plan(env, 'git:x@main@1')).toMatchObject({ key: await keyOf(env, 'http://mirror/pyodide/') })
    expect(log).toEqual(['quire: kernel booted afresh (plain boot) in 0.01 s'])
  })

  it('logs where a restore spent its time, and marks the boot on the page clock', async () => {
    const { worker, start, snapshots, log } = setUp(env)
    worker.phases = { fetch: 120, core: 1300, check: 0, libraries: 450, memory: 300, unpack: 200 }
    await writeSnapshot(snapshots, await keyOf(env), new Uint8Array([7]), '314.0.7', 'git:x@main@1')
    performance.clearMarks()
    const preboot = start()
    await preboot.booted
    expect(log).toContain(
      'quire: kernel restore phases: fetch 0.12 s, core 1.30 s, check 0.00 s, libraries 0.45 s, memory 0.30 s, unpack 0.20 s',
    )
    const marks = performance.getEntriesByType('mark').map((m) => m.name)
    // The worker's start and the snapshot's read run side by side: either may come first.
    expect(marks[0]).toBe('quire:kernel-boot-start')
    expect(marks.slice(1, 3).sort()).toEqual(['quire:kernel-snapshot-chosen', 'quire:kernel-worker-ready'])
    expect(marks[3]).toBe('quire:kernel-booted')
  })

  it('deletes a snapshot the worker could not load, and plans a new one', async () => {
    const { start, snapshots, records, log } = setUp(env)
    await writeSnapshot(snapshots, await keyOf(env), new Uint8Array([0, 1]), '314.0.7', 'git:x@main@1')
    const preboot = start()
    expect(await preboot.booted).toMatchObject({ from: 'fallback' })
    expect(records.size).toBe(0)
    expect(log[0]).toMatch(
      /^quire: kernel environment snapshot failed to load and was deleted: Snapshot has invalid magic number/,
    )
    expect((await preboot.plan(env, 'git:x@main@1')).isWanted).toBe(true)
  })

  it('hands the snapshot to the worker before its sha256 check ends, then tells the worker it passed', async () => {
    const { worker, start, snapshots } = setUp(env)
    await writeSnapshot(snapshots, await keyOf(env), new Uint8Array([7, 7]), '314.0.7', 'git:x@main@1')
    const preboot = start()
    expect(await preboot.booted).toMatchObject({ from: 'snapshot' })
    expect(worker.payloads[0]).toMatchObject({ snapshot: new Uint8Array([7, 7]), awaitsCheck: true })
    // `boot` (with the bytes) went first; the verdict followed it.
    expect(worker.sent).toEqual(['boot', 'snapshot_check'])
  })

  it('a snapshot whose sha256 does not match is refused, deleted and logged; Python boots plainly', async () => {
    const { worker, start, snapshots, records, log } = setUp(env)
    const key = await keyOf(env)
    await writeSnapshot(snapshots, key, new Uint8Array([7, 7]), '314.0.7', 'git:x@main@1')
    // Bytes changed in storage after they were written.
    records.get(key)?.bytes.set([8], 1)
    const preboot = start()
    expect(await preboot.booted).toMatchObject({ from: 'fallback' })
    expect(records.has(key)).toBe(false)
    expect(worker.sent).toEqual(['boot', 'snapshot_check'])
    expect(log).toEqual([
      expect.stringMatching(/^quire: kernel environment snapshot discarded: sha256 [0-9a-f]{12}… is not the stored/),
      'quire: kernel booted afresh (plain boot) after a failed environment snapshot in 0.01 s',
    ])
    // The plain boot may snapshot: the next launch stores a sound one.
    expect((await preboot.plan(env, 'git:x@main@1')).isWanted).toBe(true)
  })

  it('ends a worker restored from another environment instead of handing it over', async () => {
    const { worker, start, snapshots } = setUp(env)
    await writeSnapshot(snapshots, await keyOf(env), new Uint8Array([7]), '314.0.7', 'git:x@main@1')
    const preboot = start()
    await preboot.booted
    const moved: EnvContents = { pyodidePackages: [], wheels: [{ filename: 'stamped-2.0.0-py3-none-any.whl' }] }
    expect(await preboot.adopt(moved)).toBeUndefined()
    expect(worker.isTerminated).toBe(true)
  })

  describe('the baseline snapshot (the interpreter alone)', () => {
    const BASE = baselineKey('314.0.7', 'http://x/pyodide/')
    const ready = (client: unknown) => {
      if (!client || typeof client !== 'object') throw new Error('no client')
      return client as Parameters<Preboot['collect']>[0]
    }

    it('a plain boot asks for one and stores it, serving no repository, beside the environment plan', async () => {
      const { worker, start, records, log } = setUp(undefined)
      const preboot = start()
      expect(await preboot.booted).toMatchObject({ from: 'fresh', hasBaseline: true })
      expect(worker.payloads[0]).toMatchObject({ makeBaseline: true })
      const client = ready(await preboot.adopt(env))
      await preboot.collect(client, { key: await keyOf(env), envId: 'git:x@main@1', isWanted: false })
      expect(records.get(BASE)).toMatchObject({ bytes: new Uint8Array([9, 9, 9, 9]), envIds: [] })
      expect(log).toContain('quire: kernel baseline snapshot stored (0.0 MB)')
    })

    it("restores a repository's first visit from it, hands the worker to any environment and plans its snapshot", async () => {
      const { worker, start, snapshots, log } = setUp(undefined)
      await writeSnapshot(snapshots, BASE, new Uint8Array([5, 5]), '314.0.7', undefined)
      const preboot = start()
      expect(await preboot.booted).toMatchObject({ from: 'baseline' })
      expect(worker.payloads[0]).toMatchObject({ snapshot: new Uint8Array([5, 5]), isBaseline: true })
      expect(await preboot.adopt(env)).toBeDefined()
      expect(worker.isTerminated).toBe(false)
      expect((await preboot.plan(env, 'git:y@main@2')).isWanted).toBe(true)
      expect(log).toEqual(['quire: kernel booted from the baseline snapshot in 0.01 s'])
    })

    it("prefers the environment's own snapshot to the baseline", async () => {
      const { worker, start, snapshots } = setUp(env)
      await writeSnapshot(snapshots, BASE, new Uint8Array([5, 5]), '314.0.7', undefined)
      await writeSnapshot(snapshots, await keyOf(env), new Uint8Array([7, 7]), '314.0.7', 'git:x@main@1')
      const preboot = start()
      expect(await preboot.booted).toMatchObject({ from: 'snapshot' })
      expect(worker.payloads[0]).toMatchObject({ snapshot: new Uint8Array([7, 7]), isBaseline: false })
    })

    it('is never restored for another core: that boot is plain and makes its own', async () => {
      const { worker, start, snapshots, records } = setUp(undefined, 'https://mirror.example/pyodide/')
      await writeSnapshot(snapshots, BASE, new Uint8Array([5, 5]), '314.0.7', undefined)
      const preboot = start()
      expect(await preboot.booted).toMatchObject({ from: 'fresh', hasBaseline: true })
      expect(worker.boots).toEqual([undefined])
      await preboot.collect(ready(await preboot.adopt(env)), { key: '', envId: '', isWanted: false })
      expect([...records.keys()].sort()).toEqual([BASE, baselineKey('314.0.7', 'https://mirror.example/pyodide/')])
    })

    it('one that fails to load is deleted, and the plain boot after it makes a new one', async () => {
      const { worker, start, snapshots, records, log } = setUp(undefined)
      await writeSnapshot(snapshots, BASE, new Uint8Array([0, 5]), '314.0.7', undefined)
      const preboot = start()
      expect(await preboot.booted).toMatchObject({ from: 'fallback', hasBaseline: true })
      expect(records.has(BASE)).toBe(false)
      expect(log).toEqual([
        'quire: kernel baseline snapshot failed to load and was deleted: Snapshot has invalid magic number',
        'quire: kernel booted afresh (plain boot) after a failed baseline snapshot in 0.01 s',
      ])
      await preboot.collect(ready(await preboot.adopt(env)), { key: '', envId: '', isWanted: false })
      expect(records.get(BASE)?.bytes).toEqual(new Uint8Array([9, 9, 9, 9]))
      expect(worker.payloads).toHaveLength(1)
    })
  })
})
