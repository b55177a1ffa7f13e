import type { QuireConfig } from '../config'
import { createServices, openNotebookView, parseNotebook, RepoDrive, type NotebookView } from '../notebook'
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
  // Check the notebook before JupyterLab sees it: its own loader reports a damaged file in a modal
  // dialog over an empty page, where Quire shows a coded error screen instead.
  const file = prepared.files.find((f) => f.path === path)
  parseNotebook(path, (await edits.get(path)) ?? new TextDecoder().decode(file?.data ?? new Uint8Array()))
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
