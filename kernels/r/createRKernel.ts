// The page's way to make an R kernel: webR runs in an opaque-origin frame of its own (./frame),
// loaded only when a notebook asks for R, so Python-only launches never download it.
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
      // Not on the app's origin: R code cannot reach the app's storage (docs/SECURITY.md).
      return (await import('./frame')).createRFrameRuntime(baseUrl, repoUrl)
    },
  })
}

/** A kernelspec the page registers (the shape of src/notebook's KernelChoice). */
export interface RKernelChoice {
  name: string
  displayName: string
  language: string
  create: (options: IKernel.IOptions) => Promise<IKernel>
}

/**
 * The kernelspecs that start webR: IRkernel's `ir`, and the bare `R` some notebooks name. Only
 * `ir` declares language 'R', because JupyterLab falls back from an unknown kernel name to the
 * language only when exactly one spec has it (SessionContext's getDefaultKernel); with two, an
 * `ir-4.1` notebook would open on Python. `setup` is read when a kernel starts, so it sees the
 * workspace's files as they are then.
 */
export function rKernelChoices(setup: () => RKernelSetup, onCreate?: (kernel: RKernel) => void): RKernelChoice[] {
  return (['ir', 'R'] as const).map((name) => ({
    name,
    displayName: 'R (webR)',
    language: name === 'ir' ? 'R' : 'r',
    create: async (options) => {
      const kernel = createRKernel(options, setup())
      onCreate?.(kernel)
      return kernel
    },
  }))
}
