import type { QuireConfig } from '../config'
import { createServices, openNotebookView, parseNotebook, RepoDrive, Workspace } from '../notebook'
import type { PreparedLaunch } from '../prepare/types'
import { openQuireDb } from '../store'
import { PyodideKernel } from '../../kernels/python/PyodideKernel'
import type { InitPayload } from '../../kernels/python/protocol'
import { createRKernel } from '../../kernels/r'
import { idbEditStore } from './editStore'
import { createInstaller } from './installer'
import { createFileActions, type QuireSession } from './fileActions'
import { syncFilesToKernel } from './kernelSync'

/** The kernel works in the repository's own folder, like a Binder session's working directory. */
function kernelCwd(prepared: PreparedLaunch): string {
  return `/home/pyodide/${prepared.spec.name}`
}

/**
 * Joins the prepared repository and environment to a notebook view: the contents drive over the
 * repository (with its edit overlay) and the Pyodide kernel that receives the files and wheels.
 */
export async function openSession(host: HTMLElement, prepared: PreparedLaunch, path: string, config: QuireConfig): Promise<QuireSession> {
  const db = await openQuireDb()
  const workspace = await Workspace.load(prepared.files, idbEditStore(db, prepared.spec.key))
  // Check the notebook before JupyterLab sees it: its own loader reports a damaged file in a modal
  // dialog over an empty page, where Quire shows a coded error screen instead.
  parseNotebook(path, workspace.text(path) ?? '')
  const baseInit: InitPayload = {
    indexURL: config.pyodideIndexUrl,
    packageBaseUrl: config.pyodidePackageBaseUrl,
    cwd: kernelCwd(prepared),
    files: prepared.files,
    wheels: prepared.wheels,
    pyodidePackages: prepared.pyodidePackages,
  }
  // Read at each (re)start, so the kernel finds the user's files as they are now, not the commit's.
  const init = async (): Promise<InitPayload> => ({ ...baseInit, files: workspace.kernelFiles() })
  // `%pip install` is answered here, with the launch's own resolver, index, lock and wheel cache.
  const installPackages = createInstaller(config, {
    fetch: fetch.bind(globalThis),
    wheels: { get: (sha) => db.get('wheels', sha), put: async (r) => void (await db.put('wheels', r)) },
    installed: new Set(prepared.packages.map((p) => p.name.toLowerCase())),
  })
  const services = createServices((settings) => new RepoDrive(workspace, settings), [
    {
      name: 'python3',
      displayName: 'Python 3 (Pyodide)',
      language: 'python',
      create: async (options) =>
        new PyodideKernel({
          ...options,
          createWorker: () => new Worker(new URL('../../workers/kernel.worker.ts', import.meta.url), { type: 'module', name: 'quire-kernel' }),
          init,
          installPackages,
        }),
    },
    {
      // IRkernel's name, so R notebooks from Binder repositories pick this kernel.
      name: 'ir',
      displayName: 'R (webR)',
      language: 'R',
      create: async (options) =>
        createRKernel(options, { baseUrl: config.webrBaseUrl, repoUrl: config.webrRepoUrl, cwd: `/home/web_user/${prepared.spec.name}`, files: workspace.kernelFiles() }),
    },
  ])
  const view = await openNotebookView(host, services, path, (p) => workspace.text(p))
  // Notebooks opened later share the first one's kernel, so its working directory is the one to keep in step.
  const stopSync = syncFilesToKernel(workspace, kernelCwd(prepared), () => view.panel.sessionContext.session?.kernel)
  const dispose = () => {
    stopSync()
    view.dispose()
  }
  return { view, files: createFileActions(workspace, view, services, prepared.spec.name), dispose }
}
