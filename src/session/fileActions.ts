import { zipSync } from 'fflate'
import type { NotebookView, Workspace, WorkspaceFile } from '../notebook'
import type { BootResult } from '../../kernels/python/protocol'
import type { ServiceManager } from '@jupyterlab/services'
import { checkFileName } from '../shared/safePath'
import type { HistoryActions } from './historyActions'

/** What the file panel can do with the repository's files; every change lands in the overlay. */
export interface FileActions {
  list(): WorkspaceFile[]
  /** Every folder, those holding files and the empty ones the user made. */
  folders(): string[]
  /** Commit files the user deleted (shown so they can be brought back). */
  deleted(): string[]
  onChange(listener: () => void): () => void
  open(path: string): Promise<void>
  create(path: string): Promise<void>
  createFolder(path: string): Promise<void>
  /** Renames or moves a file or a folder (with everything in it). */
  rename(from: string, to: string): Promise<void>
  /** Deletes a file, or a folder with everything in it. */
  remove(path: string): Promise<void>
  revert(path: string): Promise<void>
  upload(files: FileList | File[], dir?: string): Promise<void>
  /** Every changed or added file, and a list of deleted ones, as a .zip. */
  exportZip(): { name: string; blob: Blob }
  /** The local history: earlier versions of files, deleted ones included (src/store/history.ts). */
  history?: HistoryActions
}

export interface QuireSession {
  view: NotebookView
  files: FileActions
  /** How the first kernel's interpreter came up (pre-booted, maybe from a snapshot); for the kernel strip. */
  kernelBoot?: Promise<BootResult>
  dispose(): void
}

const EMPTY_NOTEBOOK =
  JSON.stringify(
    {
      cells: [{ cell_type: 'code', source: '', metadata: {}, outputs: [], execution_count: null }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  ) + '\n'

export function createFileActions(
  ws: Workspace,
  view: NotebookView,
  services: ServiceManager.IManager,
  repoName: string,
  history?: HistoryActions,
): FileActions {
  // Names the user typed: BAD_FILE_NAME (which rule) or NAME_TAKEN, shown beside the name field.
  const freeName = (typed: string) => {
    const path = checkFileName(typed)
    ws.assertFreeName(path)
    return path
  }
  return {
    history,
    list: () => ws.files(),
    folders: () => ws.folders(),
    deleted: () => ws.deleted(),
    onChange: (l) => ws.onChange(l),
    open: (path) => view.open(path),
    async create(name) {
      const path = freeName(name)
      await ws.write(path, path.endsWith('.ipynb') ? EMPTY_NOTEBOOK : '')
      await view.open(path)
    },
    async createFolder(name) {
      await ws.mkdir(freeName(name))
    },
    async rename(from, name) {
      if (checkFileName(name) === from) return
      const to = freeName(name)
      // Through the contents manager, so open documents follow the file to its new path.
      await services.contents.rename(from, to)
    },
    async remove(path) {
      // Tabs go first: an autosave after the delete would bring the file back.
      if (ws.has(path)) {
        await view.close(path)
        return ws.remove(path)
      }
      for (const p of view.openPaths().filter((p) => p.startsWith(`${path}/`))) await view.close(p)
      await ws.removeDir(path)
    },
    async revert(path) {
      if (!ws.isCommitFile(path)) await view.close(path)
      await view.reload(path, () => ws.revert(path))
    },
    async upload(files, dir = '') {
      for (const file of Array.from(files)) {
        const path = checkFileName(dir ? `${dir}/${file.name}` : file.name)
        const data = new Uint8Array(await file.arrayBuffer())
        await view.reload(path, () => ws.write(path, data))
      }
    },
    exportZip() {
      const entries: Record<string, Uint8Array> = {}
      for (const f of ws.changedFiles()) entries[`${repoName}/${f.path}`] = f.data
      for (const d of ws.emptyFolders()) entries[`${repoName}/${d}/`] = new Uint8Array()
      const gone = ws.deleted()
      if (gone.length) entries[`${repoName}/DELETED-FILES.txt`] = new TextEncoder().encode(gone.join('\n') + '\n')
      const zip = zipSync(entries)
      return { name: `${repoName}-changes.zip`, blob: new Blob([new Uint8Array(zip)], { type: 'application/zip' }) }
    },
  }
}
