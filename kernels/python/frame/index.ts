// The kernel worker the page starts, inside the isolation frame (in a build and under the dev server).
import kernelWorkerUrl from '../../../workers/kernel.worker.ts?worker&url'
import type { WorkerLike } from '../worker-client'
import { FramedWorker } from './FramedWorker'
import frameUrl from './frame-main.ts?worker&url'

export { FramedWorker, KERNEL_FRAME_SANDBOX } from './FramedWorker'
export type { KernelSignals } from './signals'
export { sharedSignals } from './signals'

/** `coreFolder`: Pyodide's index folder, when known now; its core files are then fetched at once. */
export function createKernelWorker(coreFolder?: string): WorkerLike {
  // Framed under the dev server too: there both URLs name one-file bundles (vite.config.ts, devKernelBundles).
  return new FramedWorker({
    workerUrl: kernelWorkerUrl,
    frameUrl,
    fetch: fetch.bind(globalThis),
    host: document.body,
    ...(coreFolder ? { coreFolder } : {}),
  })
}
