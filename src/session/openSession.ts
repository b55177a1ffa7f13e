import type { QuireConfig } from '../config'
import { createServices, openNotebookView, RepoDrive, type NotebookView } from '../notebook'
import type { PreparedLaunch } from '../prepare/types'
import { openQuireDb } from '../store'
import { PyodideKernel } from '../../kernels/python/PyodideKernel'
import type { InitPayload } from '../../kernels/python/protocol'
import { idbEditStore } from './editStore'

/** The kernel works in the repository's own folder, like a Binder session's working directory. */
function kernelCwd(prepared: PreparedLaunch): string {
  return `/home/pyodide/${prepared.spec.name}`
}

/**
 * Joins the prepared repository and environment to a notebook view: the contents drive over the
 * repository (with its edit overlay) and the Pyodide kernel that receives the files and wheels.
 */
export async function openSession(host: HTMLElement, prepared: PreparedLaunch, path: string, config: QuireConfig): Promise<NotebookView> {
  const db = await openQuireDb()
  const edits = idbEditStore(db, prepared.spec.key)
  const init: InitPayload = {
    indexURL: config.pyodideIndexUrl,
    packageBaseUrl: config.pyodidePackageBaseUrl,
    cwd: kernelCwd(prepared),
    files: prepared.files,
    wheels: prepared.wheels,
    pyodidePackages: prepared.pyodidePackages,
  }
  const services = createServices((settings) => new RepoDrive(prepared.files, edits, settings), [
    {
      name: 'python3',
      displayName: 'Python 3 (Pyodide)',
      language: 'python',
      create: async (options) =>
        new PyodideKernel({
          ...options,
          createWorker: () => new Worker(new URL('../../workers/kernel.worker.ts', import.meta.url), { type: 'module', name: 'quire-kernel' }),
          init,
        }),
    },
  ])
  return openNotebookView(host, services, path)
}
