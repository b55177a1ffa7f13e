// Test support only (imported by *.test.ts): Pyodide loaded in Node, and a fake Worker that runs
// the real kernel server in-process, so the main-thread side is tested against real Python.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { loadPyodide, type PyodideAPI } from 'pyodide'
import type { InitPayload, KernelEvent, MainMessage, WorkerMessage } from './protocol'
import { createKernelHost, type HostServices } from './kernel-host'
import { createKernelServer } from './kernel-server'
import { pySources } from './sources'
import type { WorkerLike } from './worker-client'

export const PYODIDE_DIR = `${dirname(createRequire(import.meta.url).resolve('pyodide/package.json'))}/`

/**
 * A fresh interpreter from node_modules (no network); call it once per file. The first call of a Pyodide build
 * boots it and keeps a memory snapshot of the interpreter as it is right after start-up (nothing run, no JS object
 * held), in node_modules/.cache; every later call, in any test file, restores that snapshot: about 1 s instead of
 * 3–7 s of CPython start-up on two cores. Pyodide restores it the way it restores Quire's kernel snapshots.
 */
export async function loadTestPyodide(): Promise<PyodideAPI> {
  const snapshot = freshSnapshot() ?? (await makeFreshSnapshot())
  return loadPyodide({ indexURL: PYODIDE_DIR, _loadSnapshot: snapshot })
}

// Keyed by the build: another Pyodide version (or a rebuilt wasm) never reads an old snapshot.
const PYODIDE_VERSION = (createRequire(import.meta.url)('pyodide/package.json') as { version: string }).version
const WASM = statSync(`${PYODIDE_DIR}pyodide.asm.wasm`)
const SNAPSHOT_FILE = join(
  PYODIDE_DIR,
  '../.cache/quire-test-pyodide',
  `${PYODIDE_VERSION}-${WASM.size}-${Math.round(WASM.mtimeMs)}.snapshot`,
)

function freshSnapshot(): Uint8Array | undefined {
  try {
    return readFileSync(SNAPSHOT_FILE)
  } catch {
    return undefined
  }
}

async function makeFreshSnapshot(): Promise<Uint8Array> {
  const pyodide = await loadPyodide({ indexURL: PYODIDE_DIR, _makeSnapshot: true })
  const snapshot = pyodide.makeMemorySnapshot()
  // Written aside, then renamed: a test file in another worker reads a whole snapshot or none.
  mkdirSync(dirname(SNAPSHOT_FILE), { recursive: true })
  const part = `${SNAPSHOT_FILE}.${process.pid}-${Math.random()}.part`
  writeFileSync(part, snapshot)
  renameSync(part, SNAPSHOT_FILE)
  return snapshot
}

export function initPayload(overrides: Partial<InitPayload> = {}): InitPayload {
  return { indexURL: PYODIDE_DIR, cwd: '/home/pyodide/demo', files: [], wheels: [], ...overrides }
}

/** A kernel host on `pyodide` with `run(code)`: one cell, its result and its events in order. */
export async function startTestHost(pyodide: PyodideAPI, services: HostServices = {}, init: Partial<InitPayload> = {}) {
  const posted: WorkerMessage[] = []
  const host = createKernelHost(pyodide, (m) => posted.push(m), pySources, services)
  await host.init(initPayload(init))
  let id = 0
  let count = 0
  async function run(code: string) {
    const runId = ++id
    const first = posted.length
    const result = await host.execute(runId, { code, executionCount: ++count })
    const events = posted
      .slice(first)
      .flatMap((m): KernelEvent[] =>
        'id' in m && m.id === runId && m.type !== 'response' && m.type !== 'install' ? [m] : [],
      )
    return { result, events, count }
  }
  return { host, run, posted }
}

export const streamText = (events: KernelEvent[]) =>
  events.flatMap((e) => (e.type === 'stream' ? [e.content.text] : [])).join('')
export const plainResults = (events: KernelEvent[]) =>
  events.flatMap((e) => (e.type === 'execute_result' ? [e.content.data['text/plain']] : []))

/** Behaves like the kernel worker: messages are structured-cloned and delivered asynchronously. */
export class FakeWorker implements WorkerLike {
  onmessage: ((ev: MessageEvent<WorkerMessage>) => void) | null = null
  onerror: ((ev: ErrorEvent) => void) | null = null
  isTerminated = false
  private readonly handle: (msg: MainMessage) => void

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

  postMessage(message: MainMessage): void {
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
