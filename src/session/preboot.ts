// The Python kernel's worker, started when a launch begins (issue 9: boot overlaps fetch and
// resolve) and booted from a memory snapshot when this link's environment has one (issue 8).
// The first PyodideKernel of the session adopts it; a restart gets a new one made the same way for
// the session's environment, so it boots from the stored snapshot too (earlyKernel.ts).
import type { BootPhases, BootResult, Wheel } from '../../kernels/python/protocol'
import { KernelWorkerClient, type WorkerLike } from '../../kernels/python/worker-client'
import { AppError } from '../shared/errors'
import { mark } from '../shared/marks'
import {
  baselineKey,
  chooseBoot,
  discardSnapshot,
  envDigest,
  snapshotKey,
  writeSnapshot,
  type BootChoice,
  type EnvContents,
  type SnapshotStorage,
} from '../snapshot'

export interface PrebootIo {
  createWorker: () => WorkerLike
  snapshots: SnapshotStorage
  /** The environment stored for this link's last-opened commit: the guess of which snapshot to boot from. */
  storedEnv(): Promise<EnvContents | undefined>
  pyodideVersion: string
  /** One line for the console; the e2e tests and the benchmark read it. */
  log(line: string): void
}

export interface PrebootTarget {
  indexURL: string
  packageBaseUrl?: string
}

/** Whether the session's first init should ask the worker for a snapshot, and what to store it as. */
export interface SnapshotPlan {
  key: string
  envId: string
  isWanted: boolean
}

export class Preboot {
  private client: KernelWorkerClient | undefined
  private install: ((requirements: string[]) => Promise<Wheel[]>) | undefined
  /** The snapshot handed to `boot`, once chosen. */
  private readonly chosen: Promise<BootChoice>
  private readonly baseKey: string
  private readonly indexURL: string
  readonly booted: Promise<BootResult>

  constructor(
    target: PrebootTarget,
    private readonly io: PrebootIo,
  ) {
    // The page's installer (`%pip install`) exists only once the session opens: forwarded then.
    const client = new KernelWorkerClient(io.createWorker(), (reqs) =>
      this.install ? this.install(reqs) : Promise.reject(new AppError('INTERNAL', 'the page has no installer yet')),
    )
    this.client = client
    this.baseKey = baselineKey(io.pyodideVersion, target.indexURL)
    this.indexURL = target.indexURL
    mark('kernel-boot-start')
    this.chosen = this.lookUp()
    this.booted = this.chosen.then((c) => this.boot(client, target, c))
    // Failures reach the kernel through the adopted client; nothing else waits on this promise.
    this.booted.catch(() => {})
  }

  /**
   * The pre-booted client for the prepared environment, once; undefined when the interpreter was
   * restored from another environment's snapshot (the ref moved), which is then ended.
   */
  async adopt(
    env: EnvContents,
    install?: (requirements: string[]) => Promise<Wheel[]>,
  ): Promise<KernelWorkerClient | undefined> {
    const client = this.client
    this.client = undefined
    if (!client) return undefined
    const [chosen, wanted] = await Promise.all([this.chosen, this.keyOf(env)])
    // The baseline serves any environment; another environment's snapshot does not.
    if (chosen.kind === 'environment' && chosen.key !== wanted) {
      this.io.log('quire: kernel snapshot was of another environment; booting afresh')
      client.terminate()
      return undefined
    }
    this.install = install
    return client
  }

  /**
   * The client at once, for a restart: this Preboot was made for the session's own environment
   * (restartPreboot), so the snapshot it boots from, if any, is the right one.
   */
  adoptNow(install?: (requirements: string[]) => Promise<Wheel[]>): KernelWorkerClient | undefined {
    const client = this.client
    this.client = undefined
    this.install = install
    return client
  }

  /** Whether the kernel should make a snapshot after init: none is stored for this environment. */
  async plan(env: EnvContents, envId: string): Promise<SnapshotPlan> {
    const key = await this.keyOf(env)
    const result = await this.booted.catch(() => undefined)
    if (result?.from === 'snapshot') return { key, envId, isWanted: false }
    const stored = await this.io.snapshots.get(key).catch(() => undefined)
    return { key, envId, isWanted: stored === undefined }
  }

  /** Once the kernel is ready: fetch the snapshot the worker made and store it, off the critical path. */
  async collect(client: KernelWorkerClient, plan: SnapshotPlan): Promise<void> {
    const booted = await this.booted.catch(() => undefined)
    if (!plan.isWanted && !booted?.hasBaseline) return
    await idle()
    // This repository's reopen first; then the baseline, which serves the first visit of others.
    if (plan.isWanted) await this.collectEnvironment(client, plan)
    if (booted?.hasBaseline) await this.collectBaseline(client)
  }

  private async collectEnvironment(client: KernelWorkerClient, plan: SnapshotPlan): Promise<void> {
    const made = await client.snapshot()
    if (!made.ok) return this.io.log(`quire: no kernel snapshot: ${made.reason}`)
    // Not stored when no room was found; writeSnapshot has said so.
    if (!(await writeSnapshot(this.io.snapshots, plan.key, made.bytes, made.pyodideVersion, plan.envId))) return
    this.io.log(
      `quire: kernel snapshot stored (${(made.bytes.byteLength / 2 ** 20).toFixed(1)} MB, made in ${(made.ms / 1000).toFixed(2)} s)`,
    )
  }

  /** The baseline the worker made on its plain boot, stored for every later first visit. */
  private async collectBaseline(client: KernelWorkerClient): Promise<void> {
    const made = await client.snapshot({ baseline: true })
    if (!made.ok) return this.io.log(`quire: no kernel baseline snapshot: ${made.reason}`)
    if (!(await writeSnapshot(this.io.snapshots, this.baseKey, made.bytes, made.pyodideVersion, undefined))) return
    this.io.log(`quire: kernel baseline snapshot stored (${(made.bytes.byteLength / 2 ** 20).toFixed(1)} MB)`)
  }

  /** Ends the worker unless a kernel adopted it. */
  dispose(): void {
    this.client?.terminate()
    this.client = undefined
  }

  private keyOf(env: EnvContents): Promise<string> {
    return envDigest(env).then((d) => snapshotKey(d, this.io.pyodideVersion, this.indexURL))
  }

  private async lookUp(): Promise<BootChoice> {
    const env = await this.io.storedEnv().catch((err: unknown) => {
      this.io.log(`quire: kernel snapshot not read: ${err instanceof Error ? err.message : String(err)}`)
      return undefined
    })
    const envKey = env && (await this.keyOf(env))
    const chosen = await chooseBoot(this.io.snapshots, envKey, this.baseKey, this.io.log)
    // Read from IndexedDB (its sha256 check runs on): the benchmark's breakdown separates this from the worker's start.
    mark('kernel-snapshot-chosen')
    return chosen
  }

  private async boot(client: KernelWorkerClient, target: PrebootTarget, chosen: BootChoice): Promise<BootResult> {
    const booting = client.boot({
      ...target,
      ...(chosen.kind === 'plain'
        ? { makeBaseline: chosen.makeBaseline }
        : // A baseline that fails to load is remade by the plain boot that follows.
          {
            snapshot: chosen.bytes,
            isBaseline: chosen.kind === 'baseline',
            makeBaseline: chosen.kind === 'baseline',
            awaitsCheck: true,
          }),
    })
    // The sha256 check runs while the worker starts restoring; the worker copies the memory back only once it
    // is told the bytes match (a damaged snapshot is deleted and logged by the check itself).
    const damaged = chosen.kind === 'plain' ? undefined : await chosen.check
    if (chosen.kind !== 'plain') void client.snapshotChecked(damaged)
    const result = await booting
    if (result.from === 'fallback' && chosen.kind !== 'plain' && damaged === undefined) {
      await discardSnapshot(this.io.snapshots, chosen.key).catch(() => {})
      this.io.log(`quire: kernel ${chosen.kind} snapshot failed to load and was deleted: ${result.snapshotError ?? ''}`)
    }
    mark('kernel-booted')
    this.io.log(`quire: kernel booted ${bootWords(result, chosen)} in ${(result.ms / 1000).toFixed(2)} s`)
    if (result.phases) this.io.log(`quire: kernel restore phases: ${phaseWords(result.phases)}`)
    return result
  }
}

/** Which boot happened, for the launch log (the e2e tests and the benchmark read it). */
function bootWords(result: BootResult, chosen: BootChoice): string {
  switch (result.from) {
    case 'snapshot': {
      // A snapshot with shared libraries (numpy's) says how many were loaded again before the restore.
      const n = result.libraries ?? 0
      return `from the environment snapshot${n > 0 ? ` with ${n} shared librar${n === 1 ? 'y' : 'ies'}` : ''}`
    }
    case 'baseline':
      return 'from the baseline snapshot'
    case 'fallback':
      return `afresh (plain boot) after a failed ${chosen.kind} snapshot`
    case 'fresh':
      return 'afresh (plain boot)'
  }
}

/** After the first paint and input, so storing 30 MB does not slow the notebook's first moments. */
function idle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 2000 })
    else setTimeout(resolve, 0)
  })
}

/** `fetch 0.12 s, core 1.30 s, …`: where a restore's time went, in the worker (the benchmark reads it). */
export function phaseWords(phases: BootPhases): string {
  return Object.entries(phases)
    .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`)
    .join(', ')
}
