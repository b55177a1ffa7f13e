// The kernel worker the page starts, inside the isolation frame (in a build and under the dev server).
import kernelWorkerUrl from '../../../workers/kernel.worker.ts?worker&url'
import type { WorkerLike } from '../worker-client'
import { FramedWorker } from './FramedWorker'
import frameUrl from './frame-main.ts?worker&url'

export { FramedWorker, KERNEL_FRAME_SANDBOX } from './FramedWorker'
export type { KernelSignals } from './signals'
export { sharedSignals } from './signals'

/**
 * `coreFolder`: Pyodide's index folder, when known now; its core files are then fetched at once, when the
 * service worker already controls the page (a reopen: they come from its cache). On a first visit the service
 * worker is still downloading the same files for its cache, and fetching them a second time beside it made the
 * cold launch slower in a loaded run (3 of 3), so there the worker asks for them as before.
 */
export function createKernelWorker(coreFolder?: string): WorkerLike {
  const isControlled = typeof navigator !== 'undefined' && !!navigator.serviceWorker?.controller
  // Framed under the dev server too: there both URLs name one-file bundles (vite.config.ts, devKernelBundles).
  return new FramedWorker({
    workerUrl: kernelWorkerUrl,
    frameUrl,
    fetch: fetch.bind(globalThis),
    host: document.body,
    ...(coreFolder && isControlled ? { coreFolder } : {}),
  })
}
