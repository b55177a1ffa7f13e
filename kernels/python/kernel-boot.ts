// Starting Pyodide in the kernel worker, plainly or from a memory snapshot (issue 8), and making
// that snapshot. Pyodide's snapshot options are semi-private (`_makeSnapshot`, `_loadSnapshot`,
// `makeMemorySnapshot`, pyodide 314): a snapshot restores the wasm memory only, not the file
// system, JavaScript objects or loaded shared libraries, so the kernel host writes its files again
// after a restore, and environments with shared libraries are not snapshotted.
import { bindGlobalAccessors } from './bind-globals'
import type { PyodideAPI } from 'pyodide'
import type { BootPayload, BootResult } from './protocol'

/** The options of Pyodide's `loadPyodide` this worker uses. */
export interface LoadOptions {
  indexURL: string
  packageBaseUrl?: string
  /** Needed at load for `makeMemorySnapshot` to work later (it wraps `js` in tracking proxies). */
  _makeSnapshot?: boolean
  _loadSnapshot?: Uint8Array
  /** Turns what the serializer wrote for a JavaScript object back into one. */
  _snapshotDeserializer?: (obj: unknown) => unknown
}
export type LoadPyodide = (options: LoadOptions) => Promise<PyodideAPI>

export interface Booted {
  pyodide: PyodideAPI
  result: BootResult
  /** Loaded with `_makeSnapshot`: a snapshot can be made once the environment is installed. */
  canSnapshot: boolean
}

/**
 * The one JavaScript object Python holds when the snapshot is made: the kernel host's services
 * (kernel-host.ts). It is written as this marker and read back as an inert stand-in; the restored
 * kernel makes a new Executor with the live host.
 */
const HOST_MARKER = 'quire:kernel-host'
const INERT_HOST = { canInstall: false, canReadInput: false }

function reviveHost(obj: unknown): unknown {
  if (obj === HOST_MARKER) return INERT_HOST
  throw new Error(`unknown object in snapshot: ${JSON.stringify(obj)}`)
}

/**
 * Boots from `payload.snapshot` when given; when it does not load (damaged, another Pyodide build,
 * the loader throws) boots plainly and says why in `snapshotError`, so the user gets a kernel either way.
 */
export async function bootPyodide(
  load: LoadPyodide,
  payload: BootPayload,
  canSnapshot = true,
  now = () => performance.now(),
): Promise<Booted> {
  const started = now()
  const base = {
    indexURL: payload.indexURL,
    ...(payload.packageBaseUrl ? { packageBaseUrl: payload.packageBaseUrl } : {}),
  }
  let snapshotError: string | undefined
  if (payload.snapshot) {
    try {
      const pyodide = await load({ ...base, _loadSnapshot: payload.snapshot, _snapshotDeserializer: reviveHost })
      return {
        pyodide,
        canSnapshot: false,
        result: { from: 'snapshot', pyodideVersion: pyodide.version, ms: now() - started },
      }
    } catch (err) {
      snapshotError = err instanceof Error ? err.message : String(err)
    }
  }
  // Snapshot mode reads the global through a proxy; bound accessors keep `js.navigator` & co. working.
  if (canSnapshot) bindGlobalAccessors(globalThis)
  const pyodide = await load(canSnapshot ? { ...base, _makeSnapshot: true } : base)
  const from = snapshotError === undefined ? 'fresh' : 'fallback'
  return {
    pyodide,
    canSnapshot,
    result: { from, ...(snapshotError ? { snapshotError } : {}), pyodideVersion: pyodide.version, ms: now() - started },
  }
}

/** Why this interpreter cannot be snapshotted, or undefined when it can. */
export function snapshotBlocker(pyodide: PyodideAPI): string | undefined {
  // A shared library's code and function-table entries live outside the wasm memory a snapshot
  // keeps: restored, its functions would point at nothing.
  const module: unknown = Reflect.get(pyodide, '_module')
  const ldso: unknown = typeof module === 'object' && module !== null ? Reflect.get(module, 'LDSO') : undefined
  const byName: unknown = typeof ldso === 'object' && ldso !== null ? Reflect.get(ldso, 'loadedLibsByName') : undefined
  const libs = typeof byName === 'object' && byName !== null ? Object.keys(byName).filter((n) => n !== '__main__') : []
  return libs.length > 0 ? `shared libraries are loaded (${libs.join(', ')})` : undefined
}

/** The interpreter's memory now; `host` is the kernel host's services object (see HOST_MARKER). */
export function makeSnapshot(pyodide: PyodideAPI, host: object): Uint8Array {
  return pyodide.makeMemorySnapshot({
    serializer: (obj: unknown) => {
      if (obj === host) return HOST_MARKER
      // Anything else Python holds from JavaScript would come back as nothing: refuse the snapshot.
      throw new Error('Python holds a JavaScript object a snapshot cannot keep')
    },
  })
}
