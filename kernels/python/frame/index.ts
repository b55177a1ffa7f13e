// The kernel worker the page starts: inside the isolation frame in a build, directly in dev.
import kernelWorkerUrl from '../../../workers/kernel.worker.ts?worker&url'
import type { WorkerLike } from '../worker-client'
import { FramedWorker } from './FramedWorker'
import frameUrl from './frame-main.ts?worker&url'

export { FramedWorker, KERNEL_FRAME_SANDBOX } from './FramedWorker'
export type { KernelSignals } from './signals'
export { sharedSignals } from './signals'

export function createKernelWorker(): WorkerLike {
  // The dev server serves the worker as many modules that an opaque origin may not import, so
  // there it runs unframed: `npm run dev` does not isolate Python from the app's storage.
  if (import.meta.env.DEV) return new Worker(kernelWorkerUrl, { type: 'module', name: 'quire-kernel' })
  return new FramedWorker({ workerUrl: kernelWorkerUrl, frameUrl, fetch: fetch.bind(globalThis), host: document.body })
}
