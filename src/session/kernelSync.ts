import type { Kernel } from '@jupyterlab/services'
import type { NotebookView, Workspace } from '../notebook'
import type { FileChanges } from '../../kernels/python/protocol'
import { toBase64 as base64 } from '../shared/base64'
import { sameBytes } from '../shared/bytes'

/** A file's new bytes, a folder to make (`'folder'`), or null: nothing is at the path any more. */
export type SyncData = Uint8Array | 'folder' | null

const pyItem = (data: SyncData) => (data === null ? 'None' : data === 'folder' ? 'True' : JSON.stringify(base64(data)))

/**
 * Python that writes files (bytes), makes folders or removes whatever is at a path (null) under
 * `cwd`, as one expression that leaves no names in the user's namespace and evaluates to None (so
 * nothing is displayed). A folder removed in the panel goes whole, with what Python put in it,
 * as on a shared disk. JSON string literals are valid Python string literals; pathlib closes each
 * file (no ResourceWarning). Every path was checked by the workspace (src/shared/safePath.ts).
 */
export function syncCode(cwd: string, files: Array<{ path: string; data: SyncData }>): string {
  const items = files.map((f) => `(${JSON.stringify(f.path)}, ${pyItem(f.data)})`).join(', ')
  return (
    `(lambda os, pl, b64, sh, items: [(os.makedirs(os.path.dirname(p), exist_ok=True), pl.Path(p).write_bytes(b64.b64decode(d))) ` +
    `if isinstance(d, str) else os.makedirs(p, exist_ok=True) if d is True ` +
    `else os.remove(p) if os.path.isfile(p) or os.path.islink(p) else sh.rmtree(p) if os.path.isdir(p) else None ` +
    `for p, d in ((os.path.join(${JSON.stringify(cwd)}, q), e) for q, e in items)])` +
    `(__import__('os'), __import__('pathlib'), __import__('base64'), __import__('shutil'), [${items}]).clear()`
  )
}

/** A kernel that takes the changes without an execute request (the R kernel: RKernel.syncFiles). */
export type FileSink = (files: Array<{ path: string; data: SyncData }>) => Promise<void>

export interface KernelFileSync {
  stop(): void
  /**
   * Keeps files the kernel's code wrote or deleted (FileChanges, reported after each cell) in the
   * workspace, so they show in the file panel, survive a reload and are exported. An open tab of a
   * changed file shows the new content (`tabs.reload`); one of a deleted file closes.
   */
  fromKernel(changes: FileChanges, tabs?: Pick<NotebookView, 'reload' | 'close'>, parentId?: string): Promise<void>
}

/**
 * Keeps the running kernel's working directory in step with the workspace, as a shared
 * disk does in a Binder session: files saved, uploaded, renamed, deleted or reverted reach it half
 * a second later. Notebooks are left out (the kernel never reads them, and they autosave as the
 * user types). Folders the user makes, renames or deletes are mirrored too, empty ones included.
 * A restart gets every file and empty folder anyway (InitPayload.files). The other way, files the
 * code writes come back through `fromKernel`; those are not sent to the kernel again. Python gets
 * a silent execute; R (or any kernel with a `sinkOf`) gets the changes directly.
 */
export function syncFilesToKernel(
  ws: Workspace,
  cwd: string,
  kernel: () => Kernel.IKernelConnection | null | undefined,
  /** The sink of a kernel that is not Python, by kernel id (R: its working directory is its own). */
  sinkOf: (kernelId: string) => FileSink | undefined = () => undefined,
): KernelFileSync {
  const pending = new Set<string>()
  // What each sync request wrote (null: deleted), by its message id. The kernel reports those
  // writes back after running it, and by then the user may have changed the file again, even
  // twice (a revert, then a restore, sent while the kernel was still booting): an echo is matched
  // to the request that made it, never to the page's latest send, or an older echo would win.
  const inFlight = new Map<string, Map<string, Uint8Array | null>>()
  // Files have bytes; a folder (made, or holding files) is made; anything else is gone.
  const dataOf = (path: string): SyncData => ws.bytes(path) ?? (ws.isDir(path) ? 'folder' : null)
  let timer: ReturnType<typeof setTimeout> | undefined
  const flush = () => {
    timer = undefined
    const k = kernel()
    const sink = k && k.name !== 'python3' ? sinkOf(k.id) : undefined
    if (!k || (k.name !== 'python3' && !sink) || pending.size === 0) return
    const files = [...pending].map((path) => ({ path, data: dataOf(path) }))
    pending.clear()
    if (sink) {
      // R reports no files back, so there are no echoes to remember.
      void sink(files).catch((e: unknown) => console.error('files could not be given to the kernel', e))
      return
    }
    // silent + no history: no execution count is used, and the notebook shows nothing.
    const future = k.requestExecute({ code: syncCode(cwd, files), silent: true, store_history: false }, true)
    const id = future.msg.header.msg_id
    const wrote = new Map<string, Uint8Array | null>()
    for (const f of files) if (f.data !== 'folder') wrote.set(f.path, f.data)
    inFlight.set(id, wrote)
    // The kernel reports the request's files before it replies (kernels/python/kernel-host.ts).
    const drop = () => void inFlight.delete(id)
    future.done.then(drop, drop)
  }
  const stop = ws.onChange((path, origin) => {
    if (origin === 'kernel' || path.endsWith('.ipynb')) return
    pending.add(path)
    timer ??= setTimeout(flush, 500)
  })
  const noTabs: Pick<NotebookView, 'reload' | 'close'> = {
    reload: (_, change) => change?.() ?? Promise.resolve(),
    close: async () => {},
  }
  return {
    stop,
    async fromKernel(changes, tabs = noTabs, parentId) {
      const wrote = parentId === undefined ? undefined : inFlight.get(parentId)
      const isEcho = (path: string, data: Uint8Array | null) => {
        const sent = wrote?.get(path)
        return sent === undefined ? false : sent === null || data === null ? sent === data : sameBytes(sent, data)
      }
      for (const { path, data } of changes.changed) {
        const now = ws.bytes(path)
        if (isEcho(path, data) || (now && sameBytes(now, data))) continue
        await tabs.reload(path, () => ws.write(path, data, 'kernel'))
      }
      for (const path of changes.removed) {
        if (isEcho(path, null) || !ws.has(path)) continue
        await tabs.close(path)
        await ws.remove(path, 'kernel')
      }
    },
  }
}
