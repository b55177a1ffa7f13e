// Pyodide's lock packages (numpy, its libopenblas, …) fetched in the launch's download phase,
// beside the wheels: a blocked package host then fails on the launch screen, with Retry, and never
// inside a cell (issue 22). The bytes are checked against the lock's sha256, kept in the service
// worker's package cache (so offline reopen and the storage page find them) and handed to the
// kernel, which loads them without asking the network again.
import { lockClosure } from '../offline/lockPackages'
import { CorruptDownloadError, HttpError, verifySha256, type BytesFetcher, type PyodideLock } from '../resolve'
import { AppError } from '../shared/errors'
import { hostUnreachable, type HostNeed } from '../shared/hostError'

/** One file Pyodide's `loadPackage` will ask for, and the bytes it must have. */
export interface PyodideFileNeed {
  name: string
  fileName: string
  url: string
  sha256: string
}

/** A lock package's verified bytes under the URL Pyodide will request. */
export interface PyodideFile {
  url: string
  data: Uint8Array
}

/** Where fetched lock packages are kept by URL (the launch worker: CacheStorage `quire-packages-v1`). */
export interface PyodideFileStore {
  get(url: string): Promise<Uint8Array | undefined>
  put(url: string, data: Uint8Array): Promise<void>
}

export interface PyodideFilesIo {
  fetchBytes: BytesFetcher['fetchBytes']
  store?: PyodideFileStore
  /** Before each file (`loaded` 0) and as its bytes arrive. */
  onFile?: (index: number, need: PyodideFileNeed, loaded: number, total?: number) => void
  /** Once each file is in hand (stored or downloaded), with its size. */
  onDone?: (index: number, need: PyodideFileNeed, bytes: number) => void
}

/** The files `loadPackage(names)` fetches (dependencies included), resolved against the package base. */
export function pyodideFileNeeds(
  lock: PyodideLock,
  names: Iterable<string>,
  packageBaseUrl: string,
): PyodideFileNeed[] {
  return lockClosure(lock, names).map((p) => ({
    name: p.name,
    fileName: p.fileName,
    url: new URL(p.fileName, packageBaseUrl).href,
    sha256: p.sha256,
  }))
}

async function isIntact(bytes: Uint8Array, need: PyodideFileNeed): Promise<boolean> {
  if (!need.sha256) return true
  try {
    await verifySha256(bytes, need.sha256, need.url)
    return true
  } catch {
    return false
  }
}

/** Downloads one file, refetching past the HTTP cache once when its bytes are wrong. */
async function download(need: PyodideFileNeed, io: PyodideFilesIo, onBytes: (l: number, t?: number) => void) {
  const wanted: HostNeed = {
    wanted: `the Pyodide package ${need.name} (${need.fileName})`,
    configKey: 'pyodidePackageBaseUrl',
  }
  try {
    let bytes = await io.fetchBytes(need.url, onBytes)
    if (!(await isIntact(bytes, need))) {
      bytes = await io.fetchBytes(need.url, onBytes, { isReload: true })
      if (need.sha256) await verifySha256(bytes, need.sha256, need.url)
    }
    return bytes
  } catch (e) {
    if (e instanceof CorruptDownloadError || e instanceof AppError) throw e
    // The fetcher already retried what may pass; what is left is this host failing us.
    const status = e instanceof HttpError ? e.status : undefined
    throw hostUnreachable(need.url, wanted, errText(e), status)
  }
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * Each needed file from the store when it holds the right bytes, else downloaded, verified and
 * stored. A store that cannot keep a file (quota) costs only offline reopen, so it is not fatal.
 */
export async function fetchPyodideFiles(needs: PyodideFileNeed[], io: PyodideFilesIo): Promise<PyodideFile[]> {
  const out: PyodideFile[] = []
  for (const [i, need] of needs.entries()) {
    io.onFile?.(i, need, 0)
    const kept = await io.store?.get(need.url).catch(() => undefined)
    if (kept && (await isIntact(kept, need))) {
      io.onDone?.(i, need, kept.byteLength)
      out.push({ url: need.url, data: kept })
      continue
    }
    const data = await download(need, io, (loaded, total) => io.onFile?.(i, need, loaded, total))
    await io.store?.put(need.url, data).catch((e: unknown) => console.warn(`quire: ${need.fileName} not kept`, e))
    io.onDone?.(i, need, data.byteLength)
    out.push({ url: need.url, data })
  }
  return out
}
