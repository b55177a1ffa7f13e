// Memory snapshots of an interpreter that loaded shared libraries (issue 18): numpy's and Pillow's
// `.so` files are WebAssembly side modules whose code and function-table slots live outside the
// memory a snapshot keeps. As Cloudflare's workerd does for Python Workers (src/pyodide/internal/
// snapshot.ts: loadOrder, soMemoryBases, soTableBases, dsoHandles), the snapshot records each
// library's memory base, table base and dlopen handle; a restore loads the same libraries again, in
// table order, at the same bases, before Pyodide copies the memory back. Any mismatch throws, and
// kernel-boot.ts falls back to a plain boot.
//
// Stock Emscripten places a side module's data with `getMemory` → `calloc`, which a loader cannot
// steer. Every boot that makes or restores such a snapshot therefore routes the main module's
// exported `calloc` through a tiny wasm trampoline to a JavaScript hook that can hand out the
// recorded base. The trampoline takes one function-table slot, so it is installed in both kinds of
// boot: their tables then match slot for slot.
import type { loadPyodide, PyodideAPI } from 'pyodide'
// In JavaScript: the isolation frame's worker has an opaque origin, where crypto.subtle does not exist.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { unsafePathReason } from '../../src/shared/safePath'
import { inflateZip } from './inflate'

/** Pyodide's `createPyodideModule` option: pyodide.asm.mjs's default export. */
export type CreateModule = NonNullable<NonNullable<Parameters<typeof loadPyodide>[0]>['createPyodideModule']>

/** The parts of Emscripten's settings and Module this file touches (pyodide.asm.mjs, Emscripten 5). */
interface EmscriptenSettings {
  instantiateWasm?: (imports: unknown, done: (instance: { exports: object }, module: unknown) => void) => unknown
}
interface Dso {
  name: string
}
interface EmscriptenModule {
  HEAP8: Int8Array
  HEAPU32: Uint32Array
  HEAP32: Int32Array
  wasmTable: WebAssembly.Table
  growMemory(size: number): void
  getDylinkMetadata(binary: Uint8Array | WebAssembly.Module): { memorySize: number; memoryAlign: number }
  loadDynamicLibrary(name: string, flags: object, localScope: object): unknown
  LDSO: { loadedLibsByName: Record<string, Dso>; loadedLibsByHandle: Record<string, Dso> }
  FS: {
    mkdirTree(path: string): void
    writeFile(path: string, data: Uint8Array): void
    readFile(path: string): Uint8Array
  }
}

/** One shared library as it was when the snapshot was made. */
export interface SnapshotLib {
  /** Its path in Pyodide's file system, as dlopen was given it. */
  name: string
  handle: number
  memoryBase: number
  tableBase: number
}

/** A package of pyodide-lock.json whose files must be on disk before the libraries load again. */
export interface SnapshotPackage {
  name: string
  fileName: string
  sha256: string
  installDir: string
}

export interface DylibMeta {
  libs: SnapshotLib[]
  packages: SnapshotPackage[]
}

// (i32, i32) -> i32 `calloc` that calls import e.h: the smallest module that keeps calloc a wasm function.
// prettier-ignore
const TRAMPOLINE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
  0x02, 0x07, 0x01, 0x01, 0x65, 0x01, 0x68, 0x00, 0x00,
  0x03, 0x02, 0x01, 0x00,
  0x07, 0x0a, 0x01, 0x06, 0x63, 0x61, 0x6c, 0x6c, 0x6f, 0x63, 0x00, 0x01,
  0x0a, 0x0a, 0x01, 0x08, 0x00, 0x20, 0x00, 0x20, 0x01, 0x10, 0x00, 0x0b,
])

/** What a restore needs before the memory is copied back: the libraries and their packages' files. */
export interface RestorePlan {
  meta: DylibMeta
  /** Length of the wasm memory in the snapshot. */
  heapLength: number
  /**
   * Each package's shared libraries, by file name then path in the package, inflated while Pyodide's
   * core boots (`inflateLibraries`): the factory waits for them only once the core is instantiated.
   */
  libraries: Promise<Map<string, Map<string, LibraryFile>>>
  /**
   * Set by the wrapped factory, on `now`'s clock: when the core was instantiated, the page's check came
   * (`check`) and the libraries loaded.
   */
  marks?: { now: () => number; coreReady?: number; checked?: number; librariesLoaded?: number }
  /**
   * Settles once the snapshot's bytes are known to be sound (the page's sha256 check, which runs alongside);
   * rejects when they are not. Nothing is loaded into the memory before it settles.
   */
  check?: () => Promise<void>
}

/**
 * One shared library: its bytes, and its code compiled by `WebAssembly.compile` as soon as it is inflated.
 * Off the worker's thread and while the core downloads, instead of one `new WebAssembly.Module` after
 * another once the core is up (the loader compiles synchronously). Undefined when the compile failed:
 * the loader then compiles the bytes itself and reports the real error.
 */
export interface LibraryFile {
  bytes: Uint8Array
  compiled: Promise<WebAssembly.Module | undefined>
}

/** Starts inflating the `.so` files of every package a restore loads, from the fetched files. */
export async function inflateLibraries(
  meta: DylibMeta,
  files: Map<string, Uint8Array>,
): Promise<Map<string, Map<string, LibraryFile>>> {
  const each = meta.packages.map(async (p): Promise<[string, Map<string, LibraryFile>]> => {
    const bytes = files.get(p.fileName)
    if (!bytes) throw new Error(`${p.fileName} was not fetched`)
    const inflated = await inflateZip(bytes, isSharedLibrary)
    const libs = new Map<string, LibraryFile>()
    for (const [path, data] of inflated) {
      const compiled = WebAssembly.compile(data as Uint8Array<ArrayBuffer>).catch(() => undefined)
      libs.set(path, { bytes: data, compiled })
    }
    return [p.fileName, libs]
  })
  return new Map(await Promise.all(each))
}

/**
 * Wraps Pyodide's module factory: installs the calloc trampoline, and when `plan` is given loads its
 * libraries at their recorded bases once the module is instantiated (before Pyodide restores memory).
 */
export function wrapModuleFactory(create: CreateModule, plan?: RestorePlan): CreateModule {
  return async (pyodideSettings) => {
    // Pyodide declares these objects only in part; the fields used here are Emscripten's (see above).
    const settings = pyodideSettings as unknown as EmscriptenSettings
    let forced: { size: number; base: number } | undefined
    const instantiate = settings.instantiateWasm
    if (!instantiate) throw new Error('Pyodide gave no instantiateWasm to wrap')
    settings.instantiateWasm = (imports, done) =>
      instantiate(imports, (instance, module) => {
        const real: unknown = Reflect.get(instance.exports, 'calloc')
        if (typeof real !== 'function') throw new Error('the wasm module exports no calloc')
        const hook = (n: number, m: number): number => {
          if (!forced) return real(n, m)
          const f = forced
          forced = undefined
          if (n !== f.size || m !== 1) throw new Error(`a library asked for ${n} bytes, the snapshot has ${f.size}`)
          return f.base
        }
        const tramp = new WebAssembly.Instance(new WebAssembly.Module(TRAMPOLINE), { e: { h: hook } })
        done({ exports: { ...instance.exports, calloc: tramp.exports.calloc } }, module)
      })
    const created = await create(pyodideSettings)
    const module = created as unknown as EmscriptenModule
    if (plan) {
      if (plan.marks) plan.marks.coreReady = plan.marks.now()
      await plan.check?.()
      if (plan.marks) plan.marks.checked = plan.marks.now()
      const compiled = await writePackages(module, plan.meta, await plan.libraries)
      if (module.HEAP8.length < plan.heapLength) module.growMemory(plan.heapLength)
      for (const lib of plan.meta.libs) {
        if (module.wasmTable.length !== lib.tableBase)
          throw new Error(`${lib.name}: table base ${module.wasmTable.length}, the snapshot has ${lib.tableBase}`)
        const code = compiled.get(lib.name)
        const { memorySize, memoryAlign } = module.getDylinkMetadata(code ?? module.FS.readFile(lib.name))
        forced = { size: memorySize + 2 ** memoryAlign, base: lib.memoryBase }
        // As dlopen(RTLD_NOW) does: a local scope, never unloaded (Emscripten's dlopenInternal).
        withCompiled(module, lib.name, code, () =>
          module.loadDynamicLibrary(lib.name, { global: false, nodelete: true, loadAsync: false }, {}),
        )
        if (forced && memorySize > 0) throw new Error(`${lib.name} did not take its memory base`)
        forced = undefined
        const dso = module.LDSO.loadedLibsByName[lib.name]
        if (!dso) throw new Error(`${lib.name} did not load`)
        // The handle is in the restored memory (libc's dso list); dlsym looks it up here.
        module.LDSO.loadedLibsByHandle[lib.handle] = dso
      }
      if (plan.marks) plan.marks.librariesLoaded = plan.marks.now()
    }
    return created
  }
}

/**
 * Emscripten's synchronous loader reads a library's bytes with `FS.readFile` and compiles them unless
 * it got a `WebAssembly.Module` (its loadWebAssemblyModule): for this one path it gets the module
 * compiled ahead, so only instantiation is left on the worker's thread.
 */
function withCompiled(module: EmscriptenModule, path: string, code: WebAssembly.Module | undefined, load: () => void) {
  if (!code) return load()
  const fs = module.FS
  const readFile = fs.readFile
  fs.readFile = (p: string, ...rest: unknown[]) =>
    p === path ? (code as unknown as Uint8Array) : Reflect.apply(readFile, fs, [p, ...rest])
  try {
    load()
  } finally {
    fs.readFile = readFile
  }
}

/**
 * Writes each package's shared libraries where Pyodide would (`install_dir` of the lock), and gives
 * their compiled modules by that path. Only the `.so` files are written here; `unpackPackages` puts
 * the rest on disk after the restore, with Python's C zlib, faster than inflating many small files in JavaScript.
 */
async function writePackages(
  module: EmscriptenModule,
  meta: DylibMeta,
  libraries: Map<string, Map<string, LibraryFile>>,
): Promise<Map<string, WebAssembly.Module>> {
  const compiled: Array<Promise<[string, WebAssembly.Module | undefined]>> = []
  for (const pkg of meta.packages) {
    const libs = libraries.get(pkg.fileName)
    if (!libs) throw new Error(`${pkg.fileName} was not fetched`)
    // Pyodide's preRun sets API.sitePackages before the factory resolves (/lib/python3.x/site-packages).
    const site: unknown = Reflect.get(Reflect.get(module, 'API') ?? {}, 'sitePackages')
    if (typeof site !== 'string') throw new Error('Pyodide did not say where site-packages is')
    const dir = pkg.installDir === 'dynlib' ? '/usr/lib' : site
    for (const [path, lib] of libs) {
      const unsafe = unsafePathReason(path)
      if (unsafe) throw new Error(`${pkg.fileName}: ${path} ${unsafe}`)
      const full = `${dir}/${path}`
      module.FS.mkdirTree(full.slice(0, full.lastIndexOf('/')))
      module.FS.writeFile(full, lib.bytes)
      compiled.push(lib.compiled.then((m) => [full, m]))
    }
  }
  const done = await Promise.all(compiled)
  return new Map(done.flatMap(([path, m]) => (m ? [[path, m] as const] : [])))
}

const isSharedLibrary = (path: string) => /\.so(\.[\d.]+)?$/.test(path)

// Extracts a zip's members except its shared libraries, which writePackages put on disk before the restore.
// Python's C zlib inflates many small files faster than JavaScript does; skipping the libraries (most of
// numpy's bytes) took numpy + Pillow from 0.31-0.63 s to 0.20-0.41 s in Node (pyodide.unpackArchive before).
const EXTRACT_REST = `
import re, zipfile
def extract_rest(path, dest):
    lib = re.compile(r"\\.so(\\.[\\d.]+)?$")
    with zipfile.ZipFile(path) as z:
        z.extractall(dest, [n for n in z.namelist() if not lib.search(n)])
extract_rest
`
const ARCHIVE = '/tmp/quire-restore-package.zip'

/** After a restore: every package file on disk, for imports the snapshot did not do. */
export function unpackPackages(pyodide: PyodideAPI, plan: { meta: DylibMeta; files: Map<string, Uint8Array> }): void {
  const site: unknown = Reflect.get(Reflect.get(pyodide, '_api') ?? {}, 'sitePackages')
  if (typeof site !== 'string') throw new Error('Pyodide did not say where site-packages is')
  if (plan.meta.packages.length === 0) return
  // Its own namespace: nothing is added to the user's __main__.
  const extract = pyodide.runPython(EXTRACT_REST, { globals: pyodide.toPy({}) }) as ((p: string, d: string) => void) & {
    destroy(): void
  }
  try {
    for (const pkg of plan.meta.packages) {
      const bytes = plan.files.get(pkg.fileName)
      if (!bytes) throw new Error(`${pkg.fileName} was not fetched`)
      pyodide.FS.writeFile(ARCHIVE, bytes)
      extract(ARCHIVE, pkg.installDir === 'dynlib' ? '/usr/lib' : site)
    }
  } finally {
    extract.destroy()
    if (pyodide.FS.analyzePath(ARCHIVE).exists) pyodide.FS.unlink(ARCHIVE)
  }
}

const isLockPackage = (v: unknown): v is { name: string; file_name: string; sha256: string; install_dir: string } =>
  typeof v === 'object' &&
  v !== null &&
  typeof Reflect.get(v, 'file_name') === 'string' &&
  typeof Reflect.get(v, 'sha256') === 'string'

/**
 * The libraries and lock packages an interpreter loaded, as a restore needs them; or why it cannot be
 * restored (a library with no dlopen handle, a package from outside the lock).
 */
export function recordDylibs(pyodide: PyodideAPI): DylibMeta | { blocker: string } {
  const module = Reflect.get(pyodide, '_module') as EmscriptenModule
  const libs: SnapshotLib[] = []
  const handled = new Set<string>()
  for (const [h, dso] of Object.entries(module.LDSO.loadedLibsByHandle)) {
    const handle = Number(h)
    if (handle === 0) continue
    // Emscripten's loadWebAssemblyModule writes these into libc's `struct dso` (dynlink.c).
    libs.push({
      name: dso.name,
      handle,
      memoryBase: module.HEAPU32[(handle + 12) >>> 2],
      tableBase: module.HEAPU32[(handle + 20) >>> 2],
    })
    handled.add(dso.name)
  }
  const unhandled = Object.keys(module.LDSO.loadedLibsByName).filter((n) => n !== '__main__' && !handled.has(n))
  if (unhandled.length > 0) return { blocker: `libraries loaded without dlopen (${unhandled.join(', ')})` }
  // Libraries with no function table keep table base 0: order those by memory base after the rest.
  libs.sort((a, b) => (a.tableBase || Infinity) - (b.tableBase || Infinity) || a.memoryBase - b.memoryBase)
  if (libs.some((l) => l.tableBase === 0)) return { blocker: 'a library without a function table' }
  const packages: SnapshotPackage[] = []
  const lock: unknown = Reflect.get(pyodide.lockfile ?? {}, 'packages')
  for (const [key, channel] of Object.entries(pyodide.loadedPackages)) {
    const entry: unknown =
      typeof lock === 'object' && lock !== null
        ? Object.values(lock).find((p) => isLockPackage(p) && p.name === key)
        : undefined
    if (channel !== 'default channel' || !isLockPackage(entry))
      return { blocker: `${key} was not loaded from Pyodide's lock (${String(channel)})` }
    packages.push({ name: entry.name, fileName: entry.file_name, sha256: entry.sha256, installDir: entry.install_dir })
  }
  return { libs, packages }
}

/**
 * Pyodide compares what Python holds from JavaScript with what it held at boot, and its
 * `loadedPackages` object was empty then: emptied while the memory is copied, then filled again.
 */
export function withEmptyLoadedPackages<T>(pyodide: PyodideAPI, fn: () => T): T {
  const loaded: Record<string, unknown> = pyodide.loadedPackages
  const saved = { ...loaded }
  for (const k of Object.keys(loaded)) delete loaded[k]
  try {
    return fn()
  } finally {
    Object.assign(loaded, saved)
  }
}

/** After a restore: the packages are on disk and loaded, so `loadPackage` does not fetch them again. */
export function markPackagesLoaded(pyodide: PyodideAPI, meta: DylibMeta): void {
  const loaded: Record<string, string> = pyodide.loadedPackages
  for (const p of meta.packages) loaded[p.name] = 'default channel'
}

/** Fetches and checks the package files a restore needs; throws on a failed fetch or a sha256 mismatch. */
export async function fetchPackages(
  meta: DylibMeta,
  baseUrl: string,
  fetchBytes: (url: string) => Promise<Uint8Array>,
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>()
  await Promise.all(
    meta.packages.map(async (p) => {
      // As Pyodide joins them (a folder path in Node, a URL in the browser).
      const bytes = await fetchBytes(`${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${p.fileName}`)
      const actual = bytesToHex(sha256(bytes))
      if (actual !== p.sha256) throw new Error(`${p.fileName}: sha256 ${actual.slice(0, 12)}… is not the lock's`)
      files.set(p.fileName, bytes)
    }),
  )
  return files
}
