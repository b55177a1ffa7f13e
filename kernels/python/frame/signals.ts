// How the page reaches a worker that is busy inside Python: interrupt it, or answer the input()
// it is blocked in. Both need shared memory in the worker's own agent cluster, so whoever owns
// that memory (the page for a worker it started, the isolation frame for its worker) signals.
import type { SharedBuffers } from '../protocol'
import { cancelInput, replyInput } from '../stdin-channel'

export interface KernelSignals {
  /** Raises KeyboardInterrupt in the running cell (and wakes one waiting in input()). */
  interrupt(): void
  /** The user's answer to the input() the worker waits in. */
  replyInput(text: string): void
  /** Wakes a worker waiting in input() with no answer. */
  cancelInput(): void
}

export function sharedSignals(shared: SharedBuffers): KernelSignals {
  return {
    interrupt() {
      Atomics.store(new Int32Array(shared.interrupt), 0, 2) // 2 = SIGINT
      cancelInput(shared.stdin) // a cell waiting in input() wakes up and is interrupted
    },
    replyInput: (text) => replyInput(shared.stdin, text),
    cancelInput: () => cancelInput(shared.stdin),
  }
}
