// openSession's side of the pre-booted kernel (preboot.ts): hands the worker to the first
// PyodideKernel, asks its first init for a snapshot when none is stored, and stores that snapshot
// once the kernel is ready.
import type { InitPayload, Wheel } from '../../kernels/python/protocol'
import type { KernelWorkerClient } from '../../kernels/python/worker-client'
import type { PreparedLaunch } from '../prepare/types'
import type { SnapshotPlan } from './preboot'
import { takePreboot } from './prebootRegistry'

export interface EarlyKernel {
  /** The pre-booted client, for the first kernel only. */
  take(): KernelWorkerClient | undefined
  /** The first init (the adopted worker's) carries `makeSnapshot` when this environment has none. */
  init(base: () => Promise<InitPayload>): () => Promise<InitPayload>
  /** Given the new kernel, collects the snapshot after its `ready`; returns the kernel. */
  started<K extends { ready: Promise<void> }>(kernel: K): K
  /** Ends the worker when no kernel took it (an R notebook). */
  dispose(): void
}

export async function earlyKernel(prepared: PreparedLaunch, install: (requirements: string[]) => Promise<Wheel[]>): Promise<EarlyKernel> {
  const preboot = takePreboot(prepared.spec.key)
  const env = { pyodidePackages: prepared.pyodidePackages, wheels: prepared.wheels }
  let client = await preboot?.adopt(env, install)
  let isFirstInit = client !== undefined
  let plan: Promise<SnapshotPlan> | undefined
  let adopted: KernelWorkerClient | undefined
  return {
    take() {
      adopted = client
      client = undefined
      if (adopted && preboot) plan = preboot.plan(env, `${prepared.spec.key}@${prepared.sha}`)
      return adopted
    },
    init(base) {
      return async () => {
        const payload = await base()
        if (!isFirstInit || !plan) return payload
        isFirstInit = false
        return { ...payload, makeSnapshot: (await plan).isWanted }
      }
    },
    started(kernel) {
      const [taken, planned] = [adopted, plan]
      adopted = undefined
      if (!taken || !planned || !preboot) return kernel
      void kernel.ready.then(async () => preboot.collect(taken, await planned))
        .catch((e: unknown) => console.warn('quire: kernel snapshot not stored', e))
      return kernel
    },
    dispose() {
      client?.terminate()
      client = undefined
    },
  }
}
