export { createRKernel, rKernelChoices, type RKernelChoice, type RKernelSetup } from './createRKernel'
export { RKernel, type RKernelOptions } from './RKernel'
export type { RRuntime, RStartOptions } from './runtime'
