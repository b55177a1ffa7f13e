// Bytes of one resolved wheel: the repository's own file, the local cache, or a verified download.
import type { RepoFile } from '../repo'
import {
  assertSafeWheel,
  CorruptDownloadError,
  downloadWheel,
  IndexUnreachableError,
  sha256Hex,
  type BytesFetcher,
  type ResolvedPackage,
} from '../resolve'
import { AppError } from '../shared/errors'
import type { WheelRecord } from '../store'

export interface WheelIo {
  index: BytesFetcher
  wheels: { get(sha256: string): Promise<WheelRecord | undefined>; put(rec: WheelRecord): Promise<void> }
  /** The resolve's answer cache: wheels it read for their metadata are not fetched again. */
  cache?: Map<string, Promise<unknown>>
}

export async function wheelBytes(
  pkg: ResolvedPackage,
  files: RepoFile[],
  io: WheelIo,
  onBytes?: (loaded: number, total?: number) => void,
): Promise<WheelRecord> {
  if (pkg.source === 'repo') {
    const f = files.find((x) => x.path === pkg.path)
    if (!f)
      throw new AppError('BAD_REQUIREMENT', `${pkg.path} is named in requirements but is not in the repository`, {
        path: pkg.path,
      })
    assertSafeWheel(f.data, pkg.path ?? pkg.name)
    return { sha256: await sha256Hex(f.data), filename: pkg.path?.split('/').pop() ?? `${pkg.name}.whl`, bytes: f.data }
  }
  const cached = pkg.sha256 ? await io.wheels.get(pkg.sha256) : undefined
  if (cached) return cached
  let bytes: Uint8Array
  try {
    try {
      bytes = await downloadWheel(pkg, {
        fetchBytes: (url, p, opts) => io.index.fetchBytes(url, p, opts),
        onProgress: onBytes,
        cache: io.cache,
      })
    } catch (e) {
      // A flaky proxy or a torn transfer corrupts one download; the same wrong bytes twice is the
      // index (or something between) altering the file, which retrying cannot fix.
      if (!(e instanceof CorruptDownloadError)) throw e
      bytes = await downloadWheel(pkg, {
        fetchBytes: (url, p) => io.index.fetchBytes(url, p, { isReload: true }),
        onProgress: onBytes,
      })
    }
  } catch (e) {
    // The fetcher already retried transient failures; what is left is a coded error for the user.
    if (e instanceof AppError) throw e
    throw new IndexUnreachableError(pkg.url ?? pkg.filename ?? pkg.name, e instanceof Error ? e.message : String(e))
  }
  const rec = { sha256: pkg.sha256 ?? (await sha256Hex(bytes)), filename: pkg.filename ?? `${pkg.name}.whl`, bytes }
  await io.wheels.put(rec)
  return rec
}
