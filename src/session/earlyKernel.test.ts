// A restarted kernel boots from the environment's stored snapshot (issue 8 follow-up): earlyKernel
// hands each restart a worker whose `boot` carries the snapshot and goes out before `init`.
import { describe, expect, it } from 'vitest'
import type { MainMessage, WorkerMessage } from '../../kernels/python/protocol'
import type { WorkerLike } from '../../kernels/python/worker-client'
import type { PreparedLaunch } from '../prepare/types'
import { envDigest, snapshotKey, writeSnapshot, type EnvContents, type SnapshotStorage } from '../snapshot'
import type { SnapshotRecord } from '../store'
import { earlyKernel } from './earlyKernel'
import { Preboot } from './preboot'

/** Records what each worker was sent; answers `boot` (bytes starting with 0 fail to load) and `init`. */
function fakeWorker(sent: string[]): WorkerLike {
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(msg: MainMessage) {
      if (msg.type === 'boot') {
        const s = msg.payload.snapshot
        sent.push(s ? `boot snapshot ${s[0]}` : 'boot')
        const from = !s ? 'fresh' : s[0] === 0 ? 'fallback' : 'snapshot'
        reply({
          type: 'response',
          id: msg.id,
          ok: true,
          request: 'boot',
          result: { from, pyodideVersion: '314.0.7', ms: 5 },
        })
      } else if (msg.type === 'init') {
        sent.push(`init makeSnapshot=${String(msg.payload.makeSnapshot)}`)
      }
    },
    terminate() {},
  }
  const reply = (data: WorkerMessage) => setTimeout(() => w.onmessage?.(new MessageEvent('message', { data })))
  setTimeout(() => reply({ type: 'ready' }))
  return w
}

const env: EnvContents = { pyodidePackages: [], wheels: [{ filename: 'stamped-1.0.0-py3-none-any.whl' }] }
const prepared = {
  spec: { key: 'git:x@main' },
  sha: '1',
  pyodidePackages: [],
  wheels: [{ filename: 'stamped-1.0.0-py3-none-any.whl', data: new Uint8Array() }],
} as unknown as PreparedLaunch

function setUp() {
  const records = new Map<string, SnapshotRecord>()
  const snapshots: SnapshotStorage = {
    get: async (k) => records.get(k),
    put: async (r) => void records.set(r.key, r),
    delete: async (k) => void records.delete(k),
  }
  const workers: string[][] = []
  const log: string[] = []
  const restart = (e: EnvContents) =>
    new Preboot(
      { indexURL: 'http://x/pyodide/' },
      {
        createWorker: () => {
          const sent: string[] = []
          workers.push(sent)
          return fakeWorker(sent)
        },
        snapshots,
        pyodideVersion: '314.0.7',
        log: (l) => log.push(l),
        storedEnv: async () => e,
      },
    )
  return { records, snapshots, workers, log, restart }
}

const baseInit = async () => ({
  indexURL: 'http://x/pyodide/',
  cwd: '/home/pyodide/x',
  files: [],
  wheels: [],
  pyodidePackages: [],
})

/** What PyodideKernel does with the options openSession gives it: take, then init at once. */
async function startKernel(early: Awaited<ReturnType<typeof earlyKernel>>) {
  const init = early.init(baseInit)
  const client = early.take()
  const payload = await init()
  // The fake worker never answers init: what it was sent is what these tests read.
  void client?.init(payload).catch(() => undefined)
  return client
}

describe('earlyKernel restarts', () => {
  it('boots a restarted kernel from the stored snapshot, boot before init, and asks it for no new snapshot', async () => {
    const { snapshots, workers, log, restart } = setUp()
    await writeSnapshot(
      snapshots,
      snapshotKey(await envDigest(env), '314.0.7', 'http://x/pyodide/'),
      new Uint8Array([7, 7]),
      '314.0.7',
      'git:x@main@1',
    )
    const early = await earlyKernel(prepared, async () => [], { restart })
    // The first kernel had no pre-booted worker here (the launch guessed R only): it too boots from the snapshot.
    expect(await startKernel(early)).toBeDefined()
    expect(await startKernel(early)).toBeDefined()
    await new Promise((r) => setTimeout(r, 20))
    expect(workers).toEqual([
      ['boot snapshot 7', 'init makeSnapshot=false'],
      ['boot snapshot 7', 'init makeSnapshot=false'],
    ])
    expect(log.filter((l) => l.startsWith('quire: kernel booted from the environment snapshot'))).toHaveLength(2)
  })

  it('falls back to a plain boot when the snapshot fails to load, deletes it, and plans a new one', async () => {
    const { snapshots, records, workers, log, restart } = setUp()
    await writeSnapshot(
      snapshots,
      snapshotKey(await envDigest(env), '314.0.7', 'http://x/pyodide/'),
      new Uint8Array([0, 1]),
      '314.0.7',
      'git:x@main@1',
    )
    const early = await earlyKernel(prepared, async () => [], { restart })
    await startKernel(early)
    await new Promise((r) => setTimeout(r, 20))
    expect(workers).toEqual([['boot snapshot 0', 'init makeSnapshot=true']])
    expect(records.size).toBe(0)
    expect(
      log.some((l) => l.startsWith('quire: kernel booted afresh (plain boot) after a failed environment snapshot')),
    ).toBe(true)
  })

  it('without a restart factory, a restart gets no client (PyodideKernel then boots plainly)', async () => {
    const early = await earlyKernel(prepared, async () => [], {})
    expect(early.take()).toBeUndefined()
  })
})
