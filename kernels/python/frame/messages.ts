// What the page, the isolation frame and the kernel worker inside it say to each other, besides
// the kernel protocol itself (protocol.ts), which travels untouched over its own MessagePort.
import type { SharedBuffers } from '../protocol'

/** Page → frame, once: the worker's code and the three ports. */
export interface FrameStart {
  type: 'quire-kernel-frame-start'
  /** The built kernel worker (one self-contained ES module), fetched by the page. */
  workerCode: ArrayBuffer
  /** Kernel protocol, page ⇄ worker. */
  kernelPort: MessagePort
  /** File requests, worker → page (fetch-proxy.ts). */
  fetchPort: MessagePort
  /** Signals and errors, page ⇄ frame. */
  controlPort: MessagePort
}

/** Page → frame over the control port. */
export type ControlRequest = { type: 'interrupt' } | { type: 'input_reply'; text: string } | { type: 'input_cancel' }

/** Frame → page over the control port. */
export type ControlEvent =
  /** The worker is starting; `hasShared` says whether interrupt and input() work in place. */
  | { type: 'started'; hasShared: boolean }
  /** The worker failed to start or load, or died (its `error` event); `step` says which. */
  | { type: 'error'; step: FrameStep; message: string }

/**
 * Where the kernel's start failed inside the frame: `frame` its document, `worker` the Worker
 * (none of the URLs was allowed), `handoff` the ports, `import` the kernel module, `run` later.
 */
export type FrameStep = 'frame' | 'worker' | 'handoff' | 'import' | 'run'

/** Frame → worker, once, before the kernel module is imported (read by takeHandoff). */
export interface WorkerHandoff {
  workerCode: ArrayBuffer
  kernelPort: MessagePort
  fetchPort: MessagePort
  shared?: SharedBuffers
}

/** Worker → page over the fetch port; the page answers with a FetchReply of the same id. */
export interface FetchRequest {
  id: number
  url: string
  integrity?: string
}
export type FetchReply =
  | { id: number; ok: true; status: number; contentType: string; body: ArrayBuffer }
  | { id: number; ok: false; message: string }

export const isFrameStart = (d: unknown): d is FrameStart =>
  typeof d === 'object' && d !== null && Reflect.get(d, 'type') === 'quire-kernel-frame-start'
