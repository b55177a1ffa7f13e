// Messages between the main thread (PyodideKernel) and the kernel worker. One file imported by
// both sides (STYLE.md, Workers). Requests carry an `id`; the worker answers each with exactly one
// `response`, and output produced while a request runs travels first as events tagged with its id.
import type { KernelMessage } from '@jupyterlab/services'
import type { SerializedError } from '../../src/shared/errors'

export interface InitPayload {
  /** Absolute URL of the folder holding pyodide.mjs, pyodide.asm.wasm, python_stdlib.zip. */
  indexURL: string
  /** Absolute URL the packages of pyodide-lock.json are fetched from (default: Pyodide's CDN). */
  packageBaseUrl?: string
  /** The repository's folder in Pyodide's file system, e.g. /home/pyodide/<repo-name>. */
  cwd: string
  /** Repository files, paths relative to `cwd` (no `..`, no leading `/`); a path ending in `/`
   *  (no bytes) is an empty folder the user made. */
  files: Array<{ path: string; data: Uint8Array }>
  /** Symbolic links of the repository that resolve inside it (`target` verbatim, relative), made after the files. */
  links?: Array<{ path: string; target: string }>
  /** Wheels to unpack into site-packages, already resolved and downloaded. */
  wheels: Wheel[]
  /** Names from pyodide-lock.json to `loadPackage` (their dependencies come along). */
  pyodidePackages?: string[]
  /** Their files, fetched and verified by the launch: served to `loadPackage` by URL with no network request. */
  packageFiles?: Array<{ url: string; data: Uint8Array }>
  /** Whether the page answers `install` messages (`%pip install`); set by PyodideKernel. */
  hasInstaller?: boolean
  /** Set by PyodideKernel when the page is cross-origin isolated (SharedArrayBuffer exists). */
  shared?: SharedBuffers
  /**
   * The page has no memory snapshot of this environment yet: after answering `init`, and before
   * any later request, the worker imports the environment and snapshots the interpreter; the page
   * collects the bytes with a `snapshot` request when it is idle (issue 8).
   */
  makeSnapshot?: boolean
}

/**
 * Starts Pyodide before the launch is prepared, so the boot overlaps fetching and resolving
 * (src/session/preboot.ts); `init` then only installs. Without a `boot`, `init` boots.
 */
export interface BootPayload {
  indexURL: string
  packageBaseUrl?: string
  /**
   * A memory snapshot of this environment, checked by the page (sha256); the worker falls back to a plain boot when
   * it does not load.
   */
  snapshot?: Uint8Array
  /**
   * The page is still checking `snapshot`'s sha256 (issue 18: alongside the restore, not before it). The worker
   * starts restoring but copies the memory back only after a `snapshot_check` says the bytes match; a mismatch
   * means a plain boot.
   */
  awaitsCheck?: boolean
  /**
   * `snapshot` is the baseline (the interpreter alone, src/snapshot/baseline.ts): restored able to snapshot
   * again, so the environment's own snapshot can still be made after `init`.
   */
  isBaseline?: boolean
  /** On a plain boot, snapshot the interpreter alone right away and keep it for a `snapshot` request (`baseline`). */
  makeBaseline?: boolean
}

export interface BootResult {
  /**
   * 'snapshot': this environment's snapshot; 'baseline': the interpreter-alone snapshot; 'fallback': the snapshot
   * failed to load (`snapshotError` says why) and Python booted normally.
   */
  from: 'fresh' | 'snapshot' | 'baseline' | 'fallback'
  snapshotError?: string
  /** Shared libraries loaded again at their places before the snapshot's memory was restored. */
  libraries?: number
  pyodideVersion: string
  /** How long the boot took in the worker, for the launch log and the benchmark. */
  ms: number
  /** A baseline snapshot was made (`makeBaseline`) and waits for a `snapshot` request with `baseline`. */
  hasBaseline?: boolean
  /** Where a snapshot restore's time went, in ms (the launch log and the benchmark's breakdown). */
  phases?: BootPhases
}

/**
 * A restore, phase by phase: `fetch` the lock packages' files, alongside `core`, Pyodide's core until its
 * module is instantiated; `check` waiting for the page's sha256 check of the snapshot, if still running;
 * `libraries` waiting for their inflate and compile, and loading them; `memory` copying the snapshot's
 * memory back and Pyodide's own start after it; `unpack` the packages' other files.
 * All but `fetch` follow one another: they add up to the boot's `ms`.
 */
export interface BootPhases {
  fetch: number
  core: number
  check: number
  libraries: number
  memory: number
  unpack: number
}

/** The snapshot made after `init` (InitPayload.makeSnapshot), or why there is none. */
export type SnapshotResult =
  /** `ms`: how long importing the environment and copying the memory held up the worker. */
  { ok: true; bytes: Uint8Array; pyodideVersion: string; ms: number } | { ok: false; reason: string }

/**
 * Memory shared with the main thread, so it can reach a worker that is busy running Python:
 * `interrupt` is Pyodide's interrupt buffer (Int32 slot 0 = 2 raises KeyboardInterrupt), `stdin`
 * carries input() replies to a worker blocked in Atomics.wait (layout in stdin-channel.ts).
 */
export interface SharedBuffers {
  interrupt: SharedArrayBuffer
  stdin: SharedArrayBuffer
}

export interface InitResult {
  /** e.g. '3.14.2', for kernel_info's language_info.version. */
  pythonVersion: string
  pyodideVersion: string
}

export interface ExecutePayload {
  code: string
  /** BaseKernel's count; names the cell `<cell-N>` in tracebacks and tags execute_result. */
  executionCount: number
  /** The execute_request's msg_id, for `get_ipython().kernel.get_parent()` (ipywidgets' Output). */
  msgId?: string
  /**
   * False for Quire's own silent executes (file sync): they neither take an interrupt meant for the
   * user's cell queued behind them nor clear one still pending for it.
   */
  isInterruptible?: boolean
}

export type ExecuteResult = { status: 'ok' } | { status: 'error'; ename: string; evalue: string; traceback: string[] }

export interface CompletePayload {
  code: string
  cursorPos: number
}
export interface InspectPayload {
  code: string
  cursorPos: number
  detailLevel: number
}
export interface IsCompletePayload {
  code: string
}

/** The Jupyter comm messages (ipywidgets), by type; they travel either way with their buffers. */
interface CommMsgs {
  comm_open: KernelMessage.ICommOpenMsg
  comm_msg: KernelMessage.ICommMsgMsg
  comm_close: KernelMessage.ICommCloseMsg
}
export type CommMsgType = keyof CommMsgs
export type CommPayload = {
  [K in CommMsgType]: {
    msgType: K
    content: CommMsgs[K]['content']
    metadata: CommMsgs[K]['metadata']
    buffers: Uint8Array[]
  }
}[CommMsgType]
export type CommEvent = {
  [K in CommMsgType]: {
    type: K
    content: CommMsgs[K]['content']
    metadata: CommMsgs[K]['metadata']
    buffers: Uint8Array[]
  }
}[CommMsgType]
export interface CommInfoPayload {
  targetName?: string
}
export type CommInfoResult = KernelMessage.ICommInfoReply['comms']

export type CompleteResult = KernelMessage.ICompleteReplyMsg['content']
export type InspectResult = KernelMessage.IInspectReplyMsg['content']
export type IsCompleteResult = KernelMessage.IIsCompleteReplyMsg['content']

/** Each request type with its payload and the result of a successful response. */
export interface RequestMap {
  init: { payload: InitPayload; result: InitResult }
  execute: { payload: ExecutePayload; result: ExecuteResult }
  complete: { payload: CompletePayload; result: CompleteResult }
  inspect: { payload: InspectPayload; result: InspectResult }
  is_complete: { payload: IsCompletePayload; result: IsCompleteResult }
  /** A comm_open/comm_msg/comm_close from the page (ipywidgets); its handlers' messages come as events. */
  comm: { payload: CommPayload; result: { status: 'ok' } }
  comm_info: { payload: CommInfoPayload; result: CommInfoResult }
  boot: { payload: BootPayload; result: BootResult }
  /** Hands over (and forgets) the snapshot made after `init`. */
  snapshot: { payload: { baseline?: boolean }; result: SnapshotResult }
}
export type RequestType = keyof RequestMap

export type RequestBody = { [K in RequestType]: { type: K; payload: RequestMap[K]['payload'] } }[RequestType]
export type KernelRequest = RequestBody & { id: number }

/** A success names its request type so the receiver can narrow `result` without casts. */
export type ResponseOk = {
  [K in RequestType]: { type: 'response'; id: number; ok: true; request: K; result: RequestMap[K]['result'] }
}[RequestType]
export interface ResponseError {
  type: 'response'
  id: number
  ok: false
  error: SerializedError
}
export type KernelResponse = ResponseOk | ResponseError

/** Output of a running request, with the content of the Jupyter message of that type. */
export type KernelEvent =
  | { type: 'stream'; content: KernelMessage.IStreamMsg['content'] }
  | { type: 'execute_result'; content: KernelMessage.IExecuteResultMsg['content'] }
  | { type: 'display_data'; content: KernelMessage.IDisplayDataMsg['content'] }
  | { type: 'update_display_data'; content: KernelMessage.IUpdateDisplayDataMsg['content'] }
  | { type: 'clear_output'; content: KernelMessage.IClearOutputMsg['content'] }
  | { type: 'error'; content: KernelMessage.IErrorMsg['content'] }
  /** input()/getpass(): the worker now waits on the stdin buffer for the reply. */
  | { type: 'input_request'; content: KernelMessage.IInputRequestMsg['content'] }
  /** Files the code wrote or deleted under the working directory (kernels/python/file-watch.ts). */
  | { type: 'files_changed'; content: FileChanges }
  /** Python opened, messaged or closed a comm (comm.py); binary buffers travel beside the content. */
  | CommEvent

/** Paths relative to the working directory; files over the keep limit are named, not sent. */
export interface FileChanges {
  changed: Array<{ path: string; data: Uint8Array }>
  removed: string[]
  tooBig: Array<{ path: string; size: number }>
}

/**
 * The worker asks the page to resolve and download packages (`%pip install`); the page answers
 * with an `install_reply` of the same `requestId`. `id` is the execute request it belongs to.
 */
export interface InstallRequest {
  type: 'install'
  id: number
  requestId: number
  requirements: string[]
}
export interface Wheel {
  filename: string
  data: Uint8Array
}
export type InstallReply =
  | { type: 'install_reply'; requestId: number; ok: true; wheels: Wheel[] }
  | { type: 'install_reply'; requestId: number; ok: false; error: SerializedError }

/** The `id` of events no request is running for: comm messages Python sends from an asyncio task
 * after its cell has finished. Request ids start at 1. */
export const BACKGROUND_ID = 0

export type WorkerMessage = { type: 'ready' } | KernelResponse | (KernelEvent & { id: number }) | InstallRequest

/** The page's sha256 check of the snapshot `boot` carried (`awaitsCheck`): `damaged` says why it failed. */
export interface SnapshotCheck {
  type: 'snapshot_check'
  damaged?: string
}

/** Everything the page sends the worker. */
export type MainMessage = KernelRequest | InstallReply | SnapshotCheck
