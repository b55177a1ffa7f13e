// The kernel's JavaScript side inside the worker: installs the Python package, prepares the
// repository and packages on `init`, and runs cells through quire_kernel.Executor. Pure: it is
// handed a loaded Pyodide and a `post` function, so Node tests drive it without a worker.
import type { PyodideAPI } from 'pyodide'
import type { PyProxy } from 'pyodide/ffi'
import { assertSafeWheel } from '../../src/resolve/wheelSafety'
import { AppError } from '../../src/shared/errors'
import { kernelFetchFailure } from '../../src/shared/hostError'
import { unsafePathReason } from '../../src/shared/safePath'
import type {
  CommInfoPayload,
  CommInfoResult,
  CommPayload,
  CompletePayload,
  CompleteResult,
  ExecutePayload,
  ExecuteResult,
  InitPayload,
  InitResult,
  InspectPayload,
  InspectResult,
  IsCompletePayload,
  IsCompleteResult,
  KernelEvent,
  Wheel,
  WorkerMessage,
} from './protocol'
import { BACKGROUND_ID } from './protocol'
import { armInput, awaitInput } from './stdin-channel'
import { makeSnapshot } from './kernel-boot'
import { FileWatch, KEEP_LIMIT_BYTES } from './file-watch'
import { formatBytes } from '../../src/shared/bytes'

/** Python sources keyed by path under the package root, e.g. `quire_kernel/executor.py`. */
export type PySources = Readonly<Record<string, string>>

/** Where the kernel's own package lives in Pyodide's file system (kept out of the repo's cwd). */
export const PY_ROOT = '/lib/quire'

export interface KernelHost {
  init(payload: InitPayload): Promise<InitResult>
  /** Runs a cell; its output is posted as events tagged with `id` before this resolves. */
  execute(id: number, payload: ExecutePayload): Promise<ExecuteResult>
  complete(payload: CompletePayload): CompleteResult
  inspect(payload: InspectPayload): InspectResult
  isComplete(payload: IsCompletePayload): IsCompleteResult
  /** A comm message from the page; what its handlers send is posted as events tagged with `id`. */
  comm(id: number, payload: CommPayload): void
  commInfo(payload: CommInfoPayload): CommInfoResult
  /**
   * Imports the environment's packages and returns a memory snapshot of the interpreter (issue 8).
   * Called after `init` and before any cell, so the snapshot holds no user state.
   */
  snapshot(): Uint8Array
}

/** What the page does for the kernel while a cell runs; the server supplies it over postMessage. */
export interface HostServices {
  /** `%pip install`: resolve and download on the page; `id` is the running execute request. */
  requestInstall?: (id: number, requirements: string[]) => Promise<Wheel[]>
}

/** The object Python's quire_kernel.Executor calls back into (see stdin.py, pip.py). */
interface PyHost {
  canInstall: boolean
  canReadInput: boolean
  install(requirements: PyProxy | string[]): Promise<string[]>
  readInput(prompt: string, password: boolean): string | undefined
  /** A comm message Python sends while no request runs (comm.py). */
  postComm(kind: string, payload: PyProxy): void
}

export function createKernelHost(
  pyodide: PyodideAPI,
  post: (msg: WorkerMessage) => void,
  sources: PySources,
  services: HostServices = {},
): KernelHost {
  installSources(pyodide, sources)
  const kernel = pyodide.pyimport('quire_kernel')
  let running = 0
  let stdin: SharedArrayBuffer | undefined
  let interrupt: Int32Array | undefined
  let sitePackages = ''
  let cwd = ''
  // Where Pyodide's files come from (init), so a failed package fetch names the right setting.
  let pyodideUrls: { indexURL?: string; packageBaseUrl?: string } = {}
  // Zip-slip: the last check before files land, whatever path the wheel came by (src/resolve/wheelSafety.ts).
  const unpack = (wheel: Wheel) => {
    assertSafeWheel(wheel.data, wheel.filename)
    pyodide.unpackArchive(wheel.data, 'wheel', { extractDir: sitePackages })
  }
  const pyHost: PyHost = {
    canInstall: false,
    canReadInput: false,
    async install(requirements) {
      const list: string[] = Array.isArray(requirements) ? requirements : requirements.toJs()
      if (!services.requestInstall) throw new AppError('INTERNAL', 'no installer')
      const wheels = await services.requestInstall(running, list)
      // Pyodide's own archives (shared libraries such as libopenblas) are not wheels: its loader
      // puts them on the library path and loads them as dynamic libraries.
      const archives = wheels.filter(isPyodideArchive).map(archiveName)
      await loadPyodidePackages(pyodide, archives, 'INDEX_UNREACHABLE', pyodideUrls)
      wheels.filter((w) => !isPyodideArchive(w)).forEach(unpack)
      return wheels.map((w) => w.filename)
    },
    postComm(kind, payload) {
      const event = toEvent(kind, convert(payload))
      if (event) post({ ...event, id: BACKGROUND_ID })
    },
    readInput(prompt, password) {
      if (!stdin) return undefined
      armInput(stdin)
      post({ type: 'input_request', id: running, content: { prompt, password } })
      return awaitInput(stdin)
    },
  }
  const executor = kernel.Executor(pyHost)
  let watch: FileWatch | undefined

  /** Files the cell wrote or deleted, for the page to keep with the repository's edits. */
  function reportFiles(id: number): void {
    const changes = watch?.changes()
    if (!changes) return
    for (const { path, size } of changes.tooBig) {
      post({
        type: 'stream',
        id,
        content: {
          name: 'stderr',
          text: `Note: ${path} (${formatBytes(size)}) is over the ${formatBytes(KEEP_LIMIT_BYTES)} Quire keeps with your edits; it stays in Python's folder until the kernel restarts.\n`,
        },
      })
    }
    post({ type: 'files_changed', id, content: changes })
  }

  return {
    async init(payload) {
      pyodideUrls = { indexURL: payload.indexURL, packageBaseUrl: payload.packageBaseUrl }
      await loadPyodidePackages(pyodide, payload.pyodidePackages ?? [], 'KERNEL_START_FAILED', pyodideUrls)
      sitePackages = kernel.site_packages()
      for (const wheel of payload.wheels) {
        try {
          unpack(wheel)
        } catch (err) {
          throw new AppError('KERNEL_START_FAILED', `${wheel.filename}: ${String(err)}`, { wheel: wheel.filename })
        }
      }
      if (payload.shared) {
        // Installed only while a cell runs (execute below), so an interrupt sent while the cell
        // waits its turn (behind the snapshot made after init, say) stops that cell when it starts.
        interrupt = new Int32Array(payload.shared.interrupt)
        stdin = payload.shared.stdin
      }
      pyHost.canInstall = Boolean(payload.hasInstaller && services.requestInstall)
      pyHost.canReadInput = stdin !== undefined
      writeFiles(pyodide.FS, payload.cwd, payload.files)
      writeLinks(pyodide.FS, payload.cwd, payload.links ?? [])
      // What the page wrote is the starting point: only later writes by the code are reported.
      watch = new FileWatch(pyodide.FS, payload.cwd)
      watch.baseline()
      cwd = payload.cwd
      kernel.enter(payload.cwd)
      kernel.refresh_imports()
      const pythonVersion: string = pyodide.runPython('import sys; sys.version.split()[0]')
      return { pythonVersion, pyodideVersion: pyodide.version }
    },

    async execute(id, { code, executionCount, msgId, isInterruptible = true }) {
      let lastError: Extract<KernelEvent, { type: 'error' }>['content'] | undefined
      const emit = (kind: string, payload: PyProxy) => {
        // No destroy: Pyodide frees proxies of call arguments itself when the call returns.
        const event = toEvent(kind, convert(payload))
        if (!event) return
        if (event.type === 'error') lastError = event.content
        post({ ...event, id })
      }
      running = id
      executor.set_parent(msgId ?? '')
      const signal = isInterruptible ? interrupt : undefined
      if (signal) pyodide.setInterruptBuffer(signal)
      let status: string
      try {
        status = await executor.run(code, executionCount, emit)
      } finally {
        if (signal) {
          // An interrupt that arrives after this cell ended must not stop the next one; comm
          // handlers and background tasks between cells are not interruptible.
          pyodide.setInterruptBuffer(undefined as unknown as Int32Array)
          Atomics.store(signal, 0, 0)
        }
      }
      reportFiles(id)
      if (status === 'ok') return { status: 'ok' }
      const { ename = 'Error', evalue = '', traceback = [] } = lastError ?? {}
      return { status: 'error', ename, evalue, traceback }
    },

    complete: ({ code, cursorPos }) => toPlain(executor.complete(code, cursorPos)),
    inspect: ({ code, cursorPos, detailLevel }) => toPlain(executor.inspect(code, cursorPos, detailLevel)),
    isComplete: ({ code }) => toPlain(executor.is_complete(code)),

    comm(id, { msgType, content, metadata, buffers }) {
      const emit = (kind: string, payload: PyProxy) => {
        const event = toEvent(kind, convert(payload))
        if (event) post({ ...event, id })
      }
      const msg = pyodide.toPy({ header: { msg_type: msgType }, content, metadata, buffers })
      try {
        executor.comm_message(msgType, msg, emit)
      } finally {
        msg.destroy()
      }
    },
    commInfo: ({ targetName }) => toPlain(executor.comm_info(targetName ?? null)),

    snapshot() {
      const preload = pyodide.pyimport('quire_kernel.preload')
      try {
        preload.import_environment(sitePackages)
        // The same environment may serve another repository: the restored kernel enters its own folder.
        preload.leave(cwd)
        try {
          return makeSnapshot(pyodide, pyHost)
        } finally {
          kernel.enter(cwd)
        }
      } finally {
        preload.destroy()
      }
    },
  }
}

function installSources(pyodide: PyodideAPI, sources: PySources): void {
  for (const [path, text] of Object.entries(sources)) {
    const full = `${PY_ROOT}/${path}`
    pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf('/')))
    pyodide.FS.writeFile(full, text)
  }
  pyodide.runPython(
    `import sys\nif ${JSON.stringify(PY_ROOT)} not in sys.path: sys.path.append(${JSON.stringify(PY_ROOT)})`,
  )
}

// PEP 503 normalisation: pyodide-lock names and requested names may differ in case and `-_.`.
const canonical = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-')

/**
 * A package of pyodide-lock.json that is not a wheel: a `shared_library` (`libopenblas-0.3.31.zip`)
 * or an unvendored stdlib module. Unpacked into site-packages it would be dead weight: nothing
 * would load its `.so` files, and packages linked against it would fail to import.
 */
export function isPyodideArchive(wheel: Pick<Wheel, 'filename'>): boolean {
  return !wheel.filename.toLowerCase().endsWith('.whl')
}

/** The lock's package name of a Pyodide archive: its file name without `-<version>.zip`. */
export function archiveName(wheel: Pick<Wheel, 'filename'>): string {
  return wheel.filename.replace(/-[^-]+\.(zip|tar|tar\.gz|tgz)$/i, '')
}

async function loadPyodidePackages(
  pyodide: PyodideAPI,
  names: string[],
  code: 'KERNEL_START_FAILED' | 'INDEX_UNREACHABLE' = 'KERNEL_START_FAILED',
  urls: { indexURL?: string; packageBaseUrl?: string } = {},
): Promise<void> {
  if (names.length === 0) return
  const errors: string[] = []
  await pyodide.loadPackage(names, { messageCallback: () => {}, errorCallback: (m) => errors.push(m) })
  // A failed download does not throw: loadPackage resolves and only calls errorCallback.
  const loaded = new Set(Object.keys(pyodide.loadedPackages).map(canonical))
  const missing = names.filter((n) => !loaded.has(canonical(n)))
  if (missing.length > 0) {
    // A package that could not be fetched is the host's failure, not Python's (issue 22).
    const wanted = `the Pyodide package${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`
    const network = kernelFetchFailure(errors.join('\n'), urls, wanted)
    if (network) throw network
    throw new AppError(code, `could not load ${missing.join(', ')}: ${errors.join(' ')}`, { missing, errors })
  }
}

function writeFiles(FS: PyodideAPI['FS'], cwd: string, files: InitPayload['files']): void {
  FS.mkdirTree(cwd)
  for (const { path, data } of files) {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.')
    // Paths come from a stranger's repository: none may climb out of cwd.
    const unsafe = unsafePathReason(path) ?? (parts.length === 0 ? 'names no file' : null)
    if (unsafe)
      throw new AppError('KERNEL_START_FAILED', `refusing to write ${JSON.stringify(path)}: it ${unsafe}`, {
        path,
        reason: unsafe,
      })
    // `dir/`: an empty folder the user made (Workspace.kernelFiles).
    if (path.endsWith('/')) FS.mkdirTree(`${cwd}/${parts.join('/')}`)
    else {
      if (parts.length > 1) FS.mkdirTree(`${cwd}/${parts.slice(0, -1).join('/')}`)
      FS.writeFile(`${cwd}/${parts.join('/')}`, data)
    }
  }
}

/**
 * The repository's links, as links (Emscripten's FS has them): `data -> ../shared/data` reads the
 * same bytes from Python as on the author's machine. The page sends only links that resolve inside
 * the repository; one whose target climbs out of `cwd` (read lexically) is refused here all the same.
 * A file or folder the user made at a link's path wins.
 */
function writeLinks(FS: PyodideAPI['FS'], cwd: string, links: NonNullable<InitPayload['links']>): void {
  for (const { path, target } of links) {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.')
    const at = parts.slice(0, -1)
    let depth = at.length
    const isInside =
      !target.startsWith('/') &&
      target.split('/').every((s) => (s === '..' ? --depth >= 0 : s === '.' || s === '' || (depth++, true)))
    if (unsafePathReason(path) || parts.length === 0 || !isInside) {
      throw new AppError(
        'KERNEL_START_FAILED',
        `refusing to link ${JSON.stringify(path)} to ${JSON.stringify(target)}`,
        {
          path,
          target,
        },
      )
    }
    if (at.length > 0) FS.mkdirTree(`${cwd}/${at.join('/')}`)
    try {
      FS.symlink(target, `${cwd}/${parts.join('/')}`)
    } catch {
      // EEXIST: the user's own file or folder at that path stays.
    }
  }
}

/** A Python dict/list of plain values as JSON-like JS; throws rather than leak a PyProxy. */
function convert(value: PyProxy) {
  return value.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false })
}

/** Converts a Python return value and frees its proxy. */
function toPlain(value: PyProxy) {
  try {
    return convert(value)
  } finally {
    value.destroy()
  }
}

function toEvent(kind: string, content: ReturnType<typeof convert>): KernelEvent | undefined {
  switch (kind) {
    case 'stream':
      return { type: 'stream', content }
    case 'execute_result':
      return { type: 'execute_result', content }
    case 'display_data':
      return { type: 'display_data', content }
    case 'update_display_data':
      return { type: 'update_display_data', content }
    case 'clear_output':
      return { type: 'clear_output', content }
    case 'error':
      return { type: 'error', content }
    case 'comm_open':
    case 'comm_msg':
    case 'comm_close':
      // comm.py sends { content, metadata, buffers }: buffers are bytes, converted to Uint8Array.
      return { type: kind, content: content.content, metadata: content.metadata, buffers: content.buffers }
    default:
      return undefined
  }
}
