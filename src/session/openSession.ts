import type { QuireConfig } from '../config'
import { createServices, openNotebookView, parseNotebook, RepoDrive, Workspace } from '../notebook'
import type { PreparedLaunch } from '../prepare/types'
import { openQuireDb, pageQuota, withSize, writeWithEviction } from '../store'
import { OutputLimitedKernel } from '../../kernels/python/OutputLimitedKernel'
import { createKernelWorker } from '../../kernels/python/frame'
import type { InitPayload } from '../../kernels/python/protocol'
import { rKernelChoices } from '../../kernels/r'
import { idbEditStore } from './editStore'
import { createInstaller } from './installer'
import { earlyKernel } from './earlyKernel'
import { restartPreboot } from './prebootRegistry'
import { createFileActions, type QuireSession } from './fileActions'
import { syncFilesToKernel, type KernelFileSync } from './kernelSync'

/** The kernel works in the repository's own folder, like a Binder session's working directory. */
function kernelCwd(prepared: PreparedLaunch): string {
  return `/home/pyodide/${prepared.spec.name}`
}

/**
 * Joins the prepared repository and environment to a notebook view: the contents drive over the
 * repository (with its edit overlay) and the Pyodide kernel that receives the files and wheels.
 */
export async function openSession(
  host: HTMLElement,
  prepared: PreparedLaunch,
  path: string,
  config: QuireConfig,
): Promise<QuireSession> {
  const db = await openQuireDb()
  const workspace = await Workspace.load(prepared.files, idbEditStore(db, prepared.spec.key))
  // Check the notebook before JupyterLab sees it: its own loader reports a damaged file in a modal
  // dialog over an empty page, where Quire shows a coded error screen instead.
  // (A jupytext text notebook named by labpath is read by RepoDrive, which cannot fail on it.)
  if (path.endsWith('.ipynb')) parseNotebook(path, workspace.text(path) ?? '')
  const baseInit: InitPayload = {
    indexURL: config.pyodideIndexUrl,
    packageBaseUrl: config.pyodidePackageBaseUrl,
    cwd: kernelCwd(prepared),
    files: prepared.files,
    links: prepared.links,
    wheels: prepared.wheels,
    pyodidePackages: prepared.pyodidePackages,
  }
  // Read at each (re)start, so the kernel finds the user's files as they are now, not the commit's.
  const init = async (): Promise<InitPayload> => ({ ...baseInit, files: workspace.kernelFiles() })
  // `%pip install` is answered here, with the launch's own resolver, index, lock and wheel cache.
  const installPackages = createInstaller(config, {
    fetch: fetch.bind(globalThis),
    wheels: {
      get: (sha) => db.get('wheels', sha),
      put: async (r) =>
        void (await writeWithEviction(`the wheel ${r.filename}`, () => db.put('wheels', withSize(r)), pageQuota(db), [
          prepared.spec.key,
        ])),
    },
    installed: new Set(prepared.packages.map((p) => p.name.toLowerCase())),
  })
  // The worker useLaunch started booting when the launch began (preboot.ts), for the first kernel.
  // A restart boots from the environment's stored snapshot as well (restartPreboot).
  const early = await earlyKernel(prepared, installPackages, { restart: (env) => restartPreboot(config, env) })
  let fileSync: KernelFileSync | undefined
  const services = createServices(
    (settings) => new RepoDrive(workspace, settings),
    [
      {
        name: 'python3',
        displayName: 'Python 3 (Pyodide)',
        language: 'python',
        create: async (options) =>
          // Long or endless stream output is joined and cut so the page stays responsive (issue 10).
          early.started(
            new OutputLimitedKernel({
              ...options,
              createWorker: createKernelWorker, // in an opaque-origin frame: Python cannot reach the app's storage
              init: early.init(init),
              prebooted: early.take(),
              installPackages,
              // Files the code wrote join the workspace (panel, reload, export); see kernelSync.ts.
              onFilesChanged: (changes) =>
                void fileSync
                  ?.fromKernel(changes, view)
                  .catch((e: unknown) => console.error('files written by Python could not be kept', e)),
            }),
          ),
      },
      // IRkernel's `ir` and the bare `R`, so R notebooks from Binder repositories pick webR; the
      // launch's resolved R packages are installed before the first cell.
      ...rKernelChoices(() => ({
        baseUrl: config.webrBaseUrl,
        repoUrl: config.webrRepoUrl,
        cwd: `/home/web_user/${prepared.spec.name}`,
        files: workspace.kernelFiles(),
        packages: prepared.rPackages ?? [],
      })),
    ],
  )
  const view = await openNotebookView(host, services, path, (p) => workspace.text(p))
  // Once the notebook's kernel has started it took the pre-booted worker, unless it is not Python.
  void view.panel.sessionContext.ready.then(() => early.dispose())
  // Notebooks opened later share the first one's kernel, so its working directory is the one to keep in step.
  fileSync = syncFilesToKernel(workspace, kernelCwd(prepared), () => view.panel.sessionContext.session?.kernel)
  const dispose = () => {
    fileSync?.stop()
    early.dispose()
    view.dispose()
  }
  return { view, files: createFileActions(workspace, view, services, prepared.spec.name), dispose }
}
