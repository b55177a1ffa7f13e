import type { QuireConfig } from '../config'
import { createServices, findReadme, openNotebookView, parseNotebook, RepoDrive, Workspace } from '../notebook'
import { saveOpenDocuments, unsavedDocuments } from '../notebook/openDocuments'
import type { PreparedLaunch } from '../prepare/types'
import { openQuireDb, pageQuota, withSize, writeWithEviction } from '../store'
import { OutputLimitedKernel } from '../../kernels/python/OutputLimitedKernel'
import { createKernelWorker } from '../../kernels/python/frame'
import type { InitPayload } from '../../kernels/python/protocol'
import { rKernelChoices, type RKernel } from '../../kernels/r'
import { idbEditStore } from './editStore'
import { connectTabs } from './otherTabs'
import { createHistoryActions } from './historyActions'
import { createInstaller } from './installer'
import { earlyKernel } from './earlyKernel'
import { restartPreboot } from './prebootRegistry'
import { createFileActions, type QuireSession } from './fileActions'
import { syncFilesToKernel, type KernelFileSync } from './kernelSync'
import { mergePull } from './gitPull'
import { restoreRescues, rescueOnLeave } from './rescue'

/** How often edits that found no room in storage are tried again. */
const UNSAVED_RETRY_MS = 5000

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
  /** Several notebooks and none named: the overview opens in front of `path` (the kernel's notebook). */
  overview?: { notebooks: string[]; missing?: string },
): Promise<QuireSession> {
  const db = await openQuireDb()
  // Before the overlay is read, so no write of another tab falls between the read and the listener.
  const tabs = connectTabs(prepared.spec.key, prepared.sha)
  const workspace = await Workspace.load(
    prepared.files,
    tabs.store(idbEditStore(db, prepared.spec.key, pageQuota(db), tabs.tabId)),
  )
  // Edits a page of this repository kept as it went, before its save landed (./rescue.ts).
  const restored = await restoreRescues(localStorage, prepared.spec.key, workspace).catch((e: unknown) => {
    console.warn('quire: edits kept from a page that went could not be stored yet; they stay kept', e)
    return []
  })
  if (restored.length > 0) console.info(`quire: stored the unsaved edits of ${restored.join(', ')} kept as a page went`)
  // An nbgitpuller link merges its repository's new commit under the user's edits, as nbgitpuller does.
  if (prepared.pulled) await mergePull(workspace, prepared.pulled.target)
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
    packageFiles: prepared.pyodideFiles,
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
  // R kernels by id, so the user's new files and folders reach R live too (kernelSync.ts).
  const rKernels = new Map<string, RKernel>()
  let drive: RepoDrive | undefined
  const services = createServices(
    (settings) => (drive = new RepoDrive(workspace, settings, tabs.docs)),
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
              // In an opaque-origin frame (Python cannot reach the app's storage); its core files fetched at once.
              createWorker: () => createKernelWorker(config.pyodideIndexUrl),
              init: early.init(init),
              prebooted: early.take(),
              installPackages,
              // Files the code wrote join the workspace (panel, reload, export); see kernelSync.ts.
              onFilesChanged: (changes, parentId) =>
                void fileSync
                  ?.fromKernel(changes, view, parentId)
                  .catch((e: unknown) => console.error('files written by Python could not be kept', e)),
            }),
          ),
      },
      // IRkernel's `ir` and the bare `R`, so R notebooks from Binder repositories pick webR; the
      // launch's resolved R packages are installed before the first cell.
      ...rKernelChoices(
        () => ({
          baseUrl: config.webrBaseUrl,
          repoUrl: config.webrRepoUrl,
          cwd: `/home/web_user/${prepared.spec.name}`,
          files: workspace.kernelFiles(),
          packages: prepared.rPackages ?? [],
        }),
        (kernel) => {
          rKernels.set(kernel.id, kernel)
          kernel.disposed.connect(() => rKernels.delete(kernel.id))
        },
      ),
    ],
  )
  const view = await openNotebookView(host, services, path, (p) => workspace.text(p))
  if (overview) {
    const readme = findReadme(workspace.files().map((f) => f.path))
    view.showOverview({
      name: prepared.spec.name,
      ...overview,
      readme: readme === undefined ? undefined : { path: readme, text: workspace.text(readme) ?? '' },
    })
  }
  // Once the notebook's kernel has started it took the pre-booted worker, unless it is not Python.
  void view.panel.sessionContext.ready.then(() => early.dispose())
  // Notebooks opened later share the first one's kernel, so its working directory is the one to keep in step.
  fileSync = syncFilesToKernel(
    workspace,
    kernelCwd(prepared),
    () => view.panel.sessionContext.session?.kernel,
    (id) => {
      const r = rKernels.get(id)
      return r && ((files) => r.syncFiles(files))
    },
  )
  tabs.follow(workspace, view, (from, to) => drive?.followRename(from, to))
  // A save that found no room (STORAGE_FULL, said once in a dialog) is stored as soon as there is.
  const retry = setInterval(() => void workspace.retryUnsaved(), UNSAVED_RETRY_MS)
  const serialized = () =>
    unsavedDocuments().flatMap(({ path, options }) => {
      const content = drive?.serialize(path, options)
      return typeof content === 'string' ? [{ path, content }] : []
    })
  const stopRescue = rescueOnLeave(window, localStorage, prepared.spec.key, serialized, saveOpenDocuments, workspace)
  const dispose = () => {
    clearInterval(retry)
    stopRescue()
    tabs.dispose()
    fileSync?.stop()
    early.dispose()
    view.dispose()
  }
  const history = createHistoryActions(db, prepared.spec.key, workspace, view, prepared.spec.name)
  return {
    view,
    files: createFileActions(workspace, view, services, prepared.spec.name, history),
    kernelBoot: early.booted,
    dispose,
  }
}
