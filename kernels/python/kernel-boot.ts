// Starting Pyodide in the kernel worker, plainly or from a memory snapshot (issue 8), and making
// that snapshot. Pyodide's snapshot options are semi-private (`_makeSnapshot`, `_loadSnapshot`,
// `makeMemorySnapshot`, pyodide 314): a snapshot restores the wasm memory only, not the file
// system or JavaScript objects, so the kernel host writes its files again after a restore; shared
// libraries (numpy's `.so`) are loaded again at their old places first (dylib-snapshot.ts, issue 18).
import { bindGlobalAccessors } from './bind-globals'
import type { PyodideAPI } from 'pyodide'
import {
  fetchPackages,
  inflateLibraries,
  markPackagesLoaded,
  recordDylibs,
  unpackPackages,
  withEmptyLoadedPackages,
  wrapModuleFactory,
  type CreateModule,
  type RestorePlan,
} from './dylib-snapshot'
import type { BootPayload, BootPhases, BootResult } from './protocol'
import { decodeSnapshot, encodeSnapshot, heapLength } from './snapshot-envelope'

/** The options of Pyodide's `loadPyodide` this worker uses. */
export interface LoadOptions {
  indexURL: string
  packageBaseUrl?: string
  /** Needed at load for `makeMemorySnapshot` to work later (it wraps `js` in tracking proxies). */
  _makeSnapshot?: boolean
  _loadSnapshot?: Uint8Array
  /** Turns what the serializer wrote for a JavaScript object back into one. */
  _snapshotDeserializer?: (obj: unknown) => unknown
  /**
   * Wraps Pyodide's module factory (pyodide.asm.mjs's default export); the loader passes the result
   * as `createPyodideModule`. See `withModuleFactory`.
   */
  wrapModule?: (create: CreateModule) => CreateModule
}
export type LoadPyodide = (options: LoadOptions) => Promise<PyodideAPI>

/** Pyodide's own options for `options`: `wrapModule` applied to the factory `importFactory` gives. */
export async function withModuleFactory(
  options: LoadOptions,
  importFactory: () => Promise<CreateModule>,
): Promise<Omit<LoadOptions, 'wrapModule'> & { createPyodideModule?: CreateModule }> {
  const { wrapModule, ...rest } = options
  return wrapModule ? { ...rest, createPyodideModule: wrapModule(await importFactory()) } : rest
}

/** pyodide.asm.mjs's factory, imported from the index folder (what `loadPyodide` would import). */
export async function importModuleFactory(indexURL: string): Promise<CreateModule> {
  // A folder path in Node (tests), a URL in the browser.
  const url = indexURL.startsWith('/') ? `${indexURL}pyodide.asm.mjs` : new URL('pyodide.asm.mjs', indexURL).href
  const mod: unknown = await import(/* @vite-ignore */ url)
  const create: unknown = typeof mod === 'object' && mod !== null ? Reflect.get(mod, 'default') : undefined
  if (typeof create !== 'function') throw new Error(`${indexURL}pyodide.asm.mjs exports no module factory`)
  return create as CreateModule
}

/** How the boot reads the lock packages a snapshot with shared libraries needs again. */
export type FetchBytes = (url: string) => Promise<Uint8Array>

const fetchBytes: FetchBytes = async (url) => {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  return new Uint8Array(await res.arrayBuffer())
}

/** Set on a module whose calloc goes through the trampoline: only its snapshots carry libraries. */
const WRAPPED = 'quireTrampoline'
const markWrapped =
  (inner: CreateModule): CreateModule =>
  async (settings) => {
    const module = await inner(settings)
    Reflect.set(module, WRAPPED, true)
    return module
  }

export interface Booted {
  pyodide: PyodideAPI
  result: BootResult
  /** Loaded with `_makeSnapshot`: a snapshot can be made once the environment is installed. */
  canSnapshot: boolean
  /** The interpreter alone, snapshotted right after a plain boot (`BootPayload.makeBaseline`). */
  baseline?: Uint8Array
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
 * `checked` is the page's sha256 check of the snapshot, still running (`awaitsCheck`): the restore waits for
 * it before the memory is copied back, and a mismatch (why, as a string) means a plain boot.
 */
export async function bootPyodide(
  load: LoadPyodide,
  payload: BootPayload,
  canSnapshot = true,
  now = () => performance.now(),
  fetchPackage: FetchBytes = fetchBytes,
  checked?: Promise<string | undefined>,
): Promise<Booted> {
  const started = now()
  const base = {
    indexURL: payload.indexURL,
    ...(payload.packageBaseUrl ? { packageBaseUrl: payload.packageBaseUrl } : {}),
  }
  let snapshotError: string | undefined
  if (payload.snapshot) {
    try {
      const check = async () => {
        const damaged = await checked
        if (damaged !== undefined) throw new Error(`the page's check refused the snapshot: ${damaged}`)
      }
      const envelope = decodeSnapshot(payload.snapshot)
      if (!envelope) {
        await check()
        // Made before issue 18, without the trampoline: restored as Pyodide alone restores it.
        const pyodide = await load({ ...base, _loadSnapshot: payload.snapshot, _snapshotDeserializer: reviveHost })
        return {
          pyodide,
          canSnapshot: false,
          result: { from: 'snapshot', pyodideVersion: pyodide.version, ms: now() - started },
        }
      }
      const { meta } = envelope
      // The baseline is restored able to snapshot again: the environment installed on it gets its own snapshot.
      const isBaseline = payload.isBaseline === true && canSnapshot
      if (isBaseline && meta.libs.length + meta.packages.length > 0)
        throw new Error('a baseline snapshot must hold the interpreter alone')
      // The packages' files are fetched and checked while Pyodide's core downloads and starts: the factory
      // waits for their libraries only once the core is instantiated.
      const marks: NonNullable<RestorePlan['marks']> = { now }
      let fetched = started
      const files = fetchPackages(meta, payload.packageBaseUrl ?? payload.indexURL, fetchPackage).then((f) => {
        fetched = now()
        return f
      })
      const libraries = files.then((f) => inflateLibraries(meta, f))
      // Rejections surface where the factory awaits them; this keeps an early one from going unhandled.
      libraries.catch(() => {})
      const plan: RestorePlan = { meta, heapLength: heapLength(envelope.pyodide), libraries, marks, check }
      if (isBaseline) bindGlobalAccessors(globalThis)
      const pyodide = await load({
        ...base,
        ...(isBaseline ? { _makeSnapshot: true } : {}),
        _loadSnapshot: envelope.pyodide,
        _snapshotDeserializer: reviveHost,
        wrapModule: (create) => markWrapped(wrapModuleFactory(create, plan)),
      })
      const loaded = now()
      unpackPackages(pyodide, { meta, files: await files })
      markPackagesLoaded(pyodide, meta)
      const coreReady = marks.coreReady ?? started
      const checkedAt = marks.checked ?? coreReady
      const librariesLoaded = marks.librariesLoaded ?? checkedAt
      const phases: BootPhases = {
        fetch: fetched - started,
        core: coreReady - started,
        check: checkedAt - coreReady,
        libraries: librariesLoaded - checkedAt,
        memory: loaded - librariesLoaded,
        unpack: now() - loaded,
      }
      return {
        pyodide,
        canSnapshot: isBaseline,
        result: {
          from: isBaseline ? 'baseline' : 'snapshot',
          ...(isBaseline ? {} : { libraries: meta.libs.length }),
          pyodideVersion: pyodide.version,
          ms: now() - started,
          phases,
        },
      }
    } catch (err) {
      snapshotError = err instanceof Error ? err.message : String(err)
    }
  }
  // Snapshot mode reads the global through a proxy; bound accessors keep `js.navigator` & co. working.
  if (canSnapshot) bindGlobalAccessors(globalThis)
  const pyodide = await load(
    canSnapshot
      ? { ...base, _makeSnapshot: true, wrapModule: (create) => markWrapped(wrapModuleFactory(create)) }
      : base,
  )
  const from = snapshotError === undefined ? 'fresh' : 'fallback'
  // Before anything runs in it: the interpreter alone, which any environment can start from (issue 18).
  const baseline = canSnapshot && payload.makeBaseline ? makeBaseline(pyodide) : undefined
  return {
    pyodide,
    canSnapshot,
    ...(baseline ? { baseline } : {}),
    result: {
      from,
      ...(snapshotError ? { snapshotError } : {}),
      pyodideVersion: pyodide.version,
      ms: now() - started,
      ...(baseline ? { hasBaseline: true } : {}),
    },
  }
}

/** The baseline snapshot of a freshly booted interpreter; undefined when Pyodide refuses (it costs a full boot). */
function makeBaseline(pyodide: PyodideAPI): Uint8Array | undefined {
  try {
    return makeSnapshot(pyodide, {})
  } catch (err) {
    console.info(`quire: no baseline snapshot: ${err instanceof Error ? err.message : String(err)}`)
    return undefined
  }
}

/**
 * The interpreter's memory now, with the shared libraries it loaded (dylib-snapshot.ts); `host` is
 * the kernel host's services object (see HOST_MARKER). Throws when it cannot be restored.
 */
export function makeSnapshot(pyodide: PyodideAPI, host: object): Uint8Array {
  const meta = recordDylibs(pyodide)
  if ('blocker' in meta) throw new Error(meta.blocker)
  const wrapped = Reflect.get(Reflect.get(pyodide, '_module') as object, WRAPPED) === true
  if (!wrapped && meta.libs.length > 0) throw new Error('shared libraries are loaded in a boot without the trampoline')
  const bytes = withEmptyLoadedPackages(pyodide, () =>
    pyodide.makeMemorySnapshot({
      serializer: (obj: unknown) => {
        if (obj === host) return HOST_MARKER
        // Anything else Python holds from JavaScript would come back as nothing: refuse the snapshot.
        throw new Error('Python holds a JavaScript object a snapshot cannot keep')
      },
    }),
  )
  return wrapped ? encodeSnapshot(meta, bytes) : bytes
}
