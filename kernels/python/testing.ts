// Test support only (imported by *.test.ts): Pyodide loaded in Node, and a fake Worker that runs
// the real kernel server in-process, so the main-thread side is tested against real Python.
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { loadPyodide, type PyodideAPI } from 'pyodide'
import type { InitPayload, KernelRequest, WorkerMessage } from './protocol'
import { createKernelServer } from './kernel-server'
import { pySources } from './sources'
import type { WorkerLike } from './worker-client'

export const PYODIDE_DIR = `${dirname(createRequire(import.meta.url).resolve('pyodide/package.json'))}/`

/** Boots Pyodide from node_modules (no network); a few seconds, so call it once per file. */
export function loadTestPyodide(): Promise<PyodideAPI> {
  return loadPyodide({ indexURL: PYODIDE_DIR })
}

export function initPayload(overrides: Partial<InitPayload> = {}): InitPayload {
  return { indexURL: PYODIDE_DIR, cwd: '/home/pyodide/demo', files: [], wheels: [], ...overrides }
}

/** Behaves like the kernel worker: messages are structured-cloned and delivered asynchronously. */
export class FakeWorker implements WorkerLike {
  onmessage: ((ev: MessageEvent<WorkerMessage>) => void) | null = null
  onerror: ((ev: ErrorEvent) => void) | null = null
  isTerminated = false
  private readonly handle: (req: KernelRequest) => void

  constructor(pyodide: PyodideAPI) {
    this.handle = createKernelServer({
      post: (msg) => {
        const data = structuredClone(msg)
        setTimeout(() => this.isTerminated || this.onmessage?.(new MessageEvent('message', { data })))
      },
      loadPyodide: async () => pyodide,
      sources: pySources,
    })
  }

  postMessage(message: KernelRequest): void {
    const req = structuredClone(message)
    setTimeout(() => this.isTerminated || this.handle(req))
  }

  terminate(): void {
    this.isTerminated = true
  }

  /** What a browser does when the worker's script throws or fails to load. */
  crash(message: string): void {
    this.isTerminated = true
    const fields = { message, filename: 'kernel.worker.js', lineno: 1, colno: 1, error: null }
    this.onerror?.(Object.assign(new Event('error'), fields))
  }
}
