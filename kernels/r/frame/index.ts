// webR in its own opaque-origin frame (docs/SECURITY.md); the page imports this only for R notebooks.
import type { RRuntime } from '../runtime'
import { createFramedRRuntime, R_FRAME_CLASS } from './FramedRRuntime'
import frameUrl from './r-frame-main.ts?worker&url'
import hostUrl from './r-host.ts?worker&url'

export { R_FRAME_CLASS }

export function createRFrameRuntime(baseUrl: string, repoUrl: string): RRuntime {
  return createFramedRRuntime({
    frameUrl,
    hostUrl,
    baseUrl,
    repoUrl,
    fetch: fetch.bind(globalThis),
    host: document.body,
  })
}
