import type { Kernel } from '@jupyterlab/services'
import type { Workspace } from '../notebook'
import { toBase64 as base64 } from '../shared/base64'

/**
 * Python that writes (bytes) or removes (null) files under `cwd`, as one expression that leaves
 * no names in the user's namespace and evaluates to None (so nothing is displayed). JSON string
 * literals are valid Python string literals; pathlib closes each file (no ResourceWarning).
 */
export function syncCode(cwd: string, files: Array<{ path: string; data: Uint8Array | null }>): string {
  const items = files.map((f) => `(${JSON.stringify(f.path)}, ${f.data ? JSON.stringify(base64(f.data)) : 'None'})`).join(', ')
  return (
    `(lambda os, pl, b64, items: [(os.makedirs(os.path.dirname(p), exist_ok=True), pl.Path(p).write_bytes(b64.b64decode(d))) ` +
    `if d is not None else (os.remove(p) if os.path.isfile(p) else None) ` +
    `for p, d in ((os.path.join(${JSON.stringify(cwd)}, q), e) for q, e in items)])` +
    `(__import__('os'), __import__('pathlib'), __import__('base64'), [${items}]).clear()`
  )
}

/**
 * Keeps the running Python kernel's working directory in step with the workspace, as a shared
 * disk does in a Binder session: files saved, uploaded, renamed, deleted or reverted reach it half
 * a second later. Notebooks are left out (the kernel never reads them, and they autosave as the
 * user types). A restart gets every file anyway (InitPayload.files).
 */
export function syncFilesToKernel(ws: Workspace, cwd: string, kernel: () => Kernel.IKernelConnection | null | undefined): () => void {
  const pending = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  const flush = () => {
    timer = undefined
    const k = kernel()
    if (!k || k.name !== 'python3' || pending.size === 0) return
    const files = [...pending].map((path) => ({ path, data: ws.bytes(path) ?? null }))
    pending.clear()
    // silent + no history: no execution count is used, and the notebook shows nothing.
    k.requestExecute({ code: syncCode(cwd, files), silent: true, store_history: false }, true)
  }
  return ws.onChange((path) => {
    if (path.endsWith('.ipynb')) return
    pending.add(path)
    timer ??= setTimeout(flush, 500)
  })
}
