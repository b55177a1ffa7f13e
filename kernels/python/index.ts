// The Python kernel as the rest of the app sees it: the BaseKernel to register with JupyterLite,
// and what it needs to start. The worker side (kernel-host, kernel-server, sources) is imported
// only by workers/kernel.worker.ts.
export { PyodideKernel, type PyodideKernelOptions } from './PyodideKernel'
export { OutputLimitedKernel, type OutputLimits } from './OutputLimitedKernel'
export type { InitPayload, InitResult } from './protocol'
export type { WorkerLike } from './worker-client'
