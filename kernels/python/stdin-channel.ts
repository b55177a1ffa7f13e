// input() across threads: the worker, busy inside Python, cannot receive a postMessage, so the page
// writes the reply into shared memory and wakes it with Atomics.notify. Used by both sides.
import type { SharedBuffers } from './protocol'

/** Int32 slot 0: state; slot 1: reply length in bytes; the UTF-8 reply follows at byte 8. */
const HEADER = 8
const WAITING = 0
const REPLIED = 1
const CANCELLED = 2
/** Room for a long pasted answer; longer replies are cut at this many bytes. */
export const STDIN_BYTES = 1 << 16

export function createStdinBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER + STDIN_BYTES)
}

/** Shared memory exists only in a cross-origin isolated page (COOP + COEP headers). */
export function defaultShared(): SharedBuffers | undefined {
  if (!globalThis.crossOriginIsolated || typeof SharedArrayBuffer === 'undefined') return undefined
  return { interrupt: new SharedArrayBuffer(4), stdin: createStdinBuffer() }
}

/** Page side: hand the waiting worker the user's answer. */
export function replyInput(buffer: SharedArrayBuffer, text: string): void {
  const bytes = new TextEncoder().encode(text).slice(0, STDIN_BYTES)
  new Uint8Array(buffer, HEADER).set(bytes)
  const state = new Int32Array(buffer, 0, 2)
  Atomics.store(state, 1, bytes.length)
  Atomics.store(state, 0, REPLIED)
  Atomics.notify(state, 0)
}

/** Page side: wake a waiting worker with no answer (interrupt, shutdown). */
export function cancelInput(buffer: SharedArrayBuffer): void {
  const state = new Int32Array(buffer, 0, 2)
  Atomics.store(state, 0, CANCELLED)
  Atomics.notify(state, 0)
}

/** Worker side: mark the buffer as waiting; call before announcing the request. */
export function armInput(buffer: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(buffer, 0, 2), 0, WAITING)
}

/** Worker side: block until the page replies; undefined when it cancelled instead. */
export function awaitInput(buffer: SharedArrayBuffer): string | undefined {
  const state = new Int32Array(buffer, 0, 2)
  while (Atomics.load(state, 0) === WAITING) Atomics.wait(state, 0, WAITING)
  if (Atomics.load(state, 0) !== REPLIED) return undefined
  // Copied out: TextDecoder refuses views of shared memory.
  return new TextDecoder().decode(new Uint8Array(buffer, HEADER, Atomics.load(state, 1)).slice())
}
