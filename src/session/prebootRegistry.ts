// Where a launch leaves its pre-booted kernel for the notebook view: useLaunch starts it as the
// launch begins, openSession takes it once the launch is prepared (they share no component).
import { createKernelWorker } from '../../kernels/python/frame'
import { PYODIDE_VERSION, type QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import { openQuireDb } from '../store'
import { Preboot } from './preboot'

const waiting = new Map<string, Preboot>()

/** Starts the kernel for `spec` now; the returned function ends it unless a session took it. */
export function startPreboot(spec: LaunchSpec, config: QuireConfig): () => void {
  waiting.get(spec.key)?.dispose()
  const db = openQuireDb()
  const preboot = new Preboot({ indexURL: config.pyodideIndexUrl, packageBaseUrl: config.pyodidePackageBaseUrl }, {
    createWorker: createKernelWorker,
    pyodideVersion: PYODIDE_VERSION,
    log: (line) => console.info(line),
    snapshots: {
      get: async (key) => (await db).get('snapshots', key),
      put: async (record) => void (await (await db).put('snapshots', record)),
      delete: async (key) => (await db).delete('snapshots', key),
    },
    async storedEnv() {
      const repo = await (await db).get('repos', spec.key)
      return repo && (await db).get('envs', `${spec.key}@${repo.sha}`)
    },
  })
  waiting.set(spec.key, preboot)
  return () => {
    if (waiting.get(spec.key) === preboot) waiting.delete(spec.key)
    preboot.dispose()
  }
}

/** The launch's pre-booted kernel, once. */
export function takePreboot(key: string): Preboot | undefined {
  const preboot = waiting.get(key)
  waiting.delete(key)
  return preboot
}
