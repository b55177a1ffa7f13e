// The kernel worker the page starts, inside the isolation frame (in a build and under the dev server).
import kernelWorkerUrl from '../../../workers/kernel.worker.ts?worker&url'
import type { WorkerLike } from '../worker-client'
import { FramedWorker } from './FramedWorker'
import frameUrl from './frame-main.ts?worker&url'
import { watchPageCache, type PageCache } from './pageCache'

export { FramedWorker, KERNEL_FRAME_SANDBOX } from './FramedWorker'
export type { KernelSignals } from './signals'
export { sharedSignals } from './signals'

let pageCache: PageCache | undefined

export function createKernelWorker(): WorkerLike {
  // No kernel is left frozen in the back/forward cache (pageCache.ts).
  pageCache ??= watchPageCache(window, () => location.reload())
  // Framed under the dev server too: there both URLs name one-file bundles (vite.config.ts, devKernelBundles).
  return pageCache.track(
    new FramedWorker({ workerUrl: kernelWorkerUrl, frameUrl, fetch: fetch.bind(globalThis), host: document.body }),
  )
}
