// The page's way to make an R kernel: webR's main-thread module is imported only when a notebook
// asks for R, so Python-only launches never download it.
import type { IKernel } from '@jupyterlite/services'
import { RKernel } from './RKernel'
import type { RStartOptions } from './runtime'

export interface RKernelSetup extends RStartOptions {
  /** Absolute URL of webR's runtime folder (config `webrBaseUrl`). */
  baseUrl: string
  /** webR-format package repository for install.packages() (config `webrRepoUrl`). */
  repoUrl: string
}

export function createRKernel(options: IKernel.IOptions, setup: RKernelSetup): RKernel {
  const { baseUrl, repoUrl, ...init } = setup
  return new RKernel({
    ...options,
    init,
    async createRuntime() {
      const { WebR } = await import('webr')
      // The default channel uses SharedArrayBuffer when the page is cross-origin isolated (so
      // interrupts stop busy loops) and postMessage otherwise. Interactive: R's console loop
      // must keep reading lines; a non-interactive R stops after the first.
      return new WebR({ baseUrl, repoUrl, interactive: true })
    },
  })
}
