// Where a launch leaves its pre-booted kernel for the notebook view: useLaunch starts it as the
// launch begins, openSession takes it once the launch is prepared (they share no component).
import { createKernelWorker } from '../../kernels/python/frame'
import { PYODIDE_VERSION, type QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import { idbSnapshotStorage, type EnvContents } from '../snapshot'
import { openQuireDb } from '../store'
import { Preboot, type PrebootIo } from './preboot'

const waiting = new Map<string, Preboot>()

function prebootFor(
  config: QuireConfig,
  storedEnv: (db: Awaited<ReturnType<typeof openQuireDb>>) => Promise<EnvContents | undefined>,
): Preboot {
  const db = openQuireDb()
  const io: PrebootIo = {
    // Pyodide's core files are fetched while the isolation frame and its worker start.
    createWorker: () => createKernelWorker(config.pyodideIndexUrl),
    pyodideVersion: PYODIDE_VERSION,
    log: (line) => console.info(line),
    snapshots: idbSnapshotStorage(db),
    storedEnv: async () => storedEnv(await db),
  }
  return new Preboot({ indexURL: config.pyodideIndexUrl, packageBaseUrl: config.pyodidePackageBaseUrl }, io)
}

/** Starts the kernel for `spec` now; the returned function ends it unless a session took it. */
export function startPreboot(spec: LaunchSpec, config: QuireConfig): () => void {
  waiting.get(spec.key)?.dispose()
  // The environment of the commit this link opened last: the guess of which snapshot to boot from.
  const preboot = prebootFor(config, async (db) => {
    const repo = await db.get('repos', spec.key)
    return repo && db.get('envs', `${spec.key}@${repo.sha}`)
  })
  waiting.set(spec.key, preboot)
  return () => {
    if (waiting.get(spec.key) === preboot) waiting.delete(spec.key)
    preboot.dispose()
  }
}

/** Whether `startPreboot` ran for this link and no session has taken its kernel yet. */
export function hasPreboot(key: string): boolean {
  return waiting.has(key)
}

/** The launch's pre-booted kernel, once. */
export function takePreboot(key: string): Preboot | undefined {
  const preboot = waiting.get(key)
  waiting.delete(key)
  return preboot
}

/** A kernel for a restart, booting from the snapshot of the session's own environment when one is stored. */
export function restartPreboot(config: QuireConfig, env: EnvContents): Preboot {
  return prebootFor(config, async () => env)
}
