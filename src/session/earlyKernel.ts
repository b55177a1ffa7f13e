// openSession's side of the pre-booted kernel (preboot.ts): hands the worker to the first
// PyodideKernel, asks its first init for a snapshot when none is stored, and stores that snapshot
// once the kernel is ready. Each restart gets a worker booted the same way for the session's
// environment, so it starts from the stored snapshot too (falling back to a plain boot).
import type { BootResult, InitPayload, Wheel } from '../../kernels/python/protocol'
import type { KernelWorkerClient } from '../../kernels/python/worker-client'
import type { PreparedLaunch } from '../prepare/types'
import type { EnvContents } from '../snapshot'
import type { Preboot, SnapshotPlan } from './preboot'
import { takePreboot } from './prebootRegistry'

export interface EarlyKernel {
  /** The launch's pre-booted interpreter, when there is one: resolves once it is up. */
  booted?: Promise<BootResult>
  /** The pre-booted client for the first kernel; for a restart, one booting from the environment's snapshot. */
  take(): KernelWorkerClient | undefined
  /** The first init (the adopted worker's) carries `makeSnapshot` when this environment has none. */
  init(base: () => Promise<InitPayload>): () => Promise<InitPayload>
  /** Given the new kernel, collects the snapshot after its `ready`; returns the kernel. */
  started<K extends { ready: Promise<void> }>(kernel: K): K
  /** Ends the worker when no kernel took it (an R notebook). */
  dispose(): void
}

export interface EarlyKernelIo {
  /** The launch's pre-booted kernel; default: the one useLaunch left in the registry. */
  preboot?: Preboot
  /** A kernel booting for `env` (prebootRegistry's restartPreboot); without it restarts boot plainly. */
  restart?: (env: EnvContents) => Preboot
}

/** One kernel's worker and where it came from, between `take` and the kernel's init/start. */
interface Taken {
  client: KernelWorkerClient
  preboot: Preboot
  plan: Promise<SnapshotPlan>
  booting?: Promise<unknown>
}

export async function earlyKernel(
  prepared: PreparedLaunch,
  install: (requirements: string[]) => Promise<Wheel[]>,
  io: EarlyKernelIo = {},
): Promise<EarlyKernel> {
  const preboot = io.preboot ?? takePreboot(prepared.spec.key)
  const env = { pyodidePackages: prepared.pyodidePackages, wheels: prepared.wheels }
  const envId = `${prepared.spec.key}@${prepared.sha}`
  let client = await preboot?.adopt(env, install)
  // Set by `take`, read by the same kernel's init (called from its constructor) and `started`.
  let forInit: Taken | undefined
  let forStart: Taken | undefined
  return {
    booted: client ? preboot?.booted : undefined,
    take() {
      let taken: Taken | undefined
      if (client && preboot) taken = { client, preboot, plan: preboot.plan(env, envId) }
      else if (io.restart) {
        // A restart, or a first kernel nobody pre-booted (the launch guessed R only).
        const next = io.restart(env)
        const c = next.adoptNow(install)
        if (c)
          taken = { client: c, preboot: next, plan: next.plan(env, envId), booting: next.booted.catch(() => undefined) }
      }
      client = undefined
      forInit = taken
      forStart = taken
      return taken?.client
    },
    init(base) {
      return async () => {
        const taken = forInit
        forInit = undefined
        // `boot` must reach the worker before `init`, which would otherwise boot it plainly.
        if (taken?.booting) await taken.booting
        const payload = await base()
        if (!taken) return payload
        return { ...payload, makeSnapshot: (await taken.plan).isWanted }
      }
    },
    started(kernel) {
      const taken = forStart
      forStart = undefined
      if (!taken) return kernel
      void kernel.ready
        .then(async () => taken.preboot.collect(taken.client, await taken.plan))
        .catch((e: unknown) => console.warn('quire: kernel snapshot not stored', e))
      return kernel
    },
    dispose() {
      client?.terminate()
      client = undefined
    },
  }
}
