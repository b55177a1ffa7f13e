// Fetch a resolved wheel and prove it is the file the index or lock named.
import { AppError } from '../shared/errors'
import { CorruptDownloadError } from './errors'
import type { BytesFetcher } from './fetcher'
import type { ResolvedPackage } from './resolveEnv'
import { assertSafeWheel } from './wheelSafety'

export interface DownloadIo extends BytesFetcher {
  /** Absolute base for 'pyodide' packages (Pyodide's packageBaseUrl, ending in '/'). */
  packageBaseUrl?: string
  onProgress?: (loaded: number, total?: number) => void
  /** The resolve's answer cache (ResolveIo.cache): a wheel read there for its metadata, already
   *  verified against the same sha256, is not fetched again (wheelBytesKey). */
  cache?: Map<string, Promise<unknown>>
}

/** Where a wheel's verified bytes sit in a resolve's cache; the sha256 is part of the key so a
 *  lock naming other bytes at the same URL never gets these. */
export const wheelBytesKey = (url: string, sha256: string) => `wheel-bytes sha256=${sha256.toLowerCase()} ${url}`

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Copy into a fresh ArrayBuffer: digest() rejects views over SharedArrayBuffer.
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Throws CorruptDownloadError unless `bytes` hash to `expected` (hex, any case). */
export async function verifySha256(bytes: Uint8Array, expected: string, url: string): Promise<void> {
  const actual = await sha256Hex(bytes)
  if (actual !== expected.toLowerCase()) throw new CorruptDownloadError(url, expected.toLowerCase(), actual)
}

/** Where a package's wheel is fetched from; repository wheels are read from the clone instead. */
export function wheelUrl(pkg: ResolvedPackage, packageBaseUrl?: string): string {
  if (pkg.source === 'index' && pkg.url) return pkg.url
  if (pkg.source === 'pyodide' && pkg.filename && packageBaseUrl) return new URL(pkg.filename, packageBaseUrl).href
  throw new AppError('INTERNAL', `${pkg.name}: no download URL for a '${pkg.source}' package`, { pkg: pkg.name })
}

/** The wheel's bytes, checked against its sha256 when one is known (index and lock always give one). */
export async function downloadWheel(pkg: ResolvedPackage, io: DownloadIo): Promise<Uint8Array> {
  const url = wheelUrl(pkg, io.packageBaseUrl)
  // Bytes already verified against this sha256 while resolving need neither a fetch nor a hash.
  let bytes = pkg.sha256 ? await cachedBytes(io.cache, wheelBytesKey(url, pkg.sha256)) : undefined
  if (bytes) io.onProgress?.(bytes.byteLength, bytes.byteLength)
  else {
    bytes = await io.fetchBytes(url, io.onProgress)
    if (pkg.sha256) await verifySha256(bytes, pkg.sha256, url)
  }
  assertSafeWheel(bytes, url.split('/').pop() ?? url)
  return bytes
}

// A failed read for metadata (or a value of another kind) is no answer here: download as usual.
async function cachedBytes(
  cache: Map<string, Promise<unknown>> | undefined,
  key: string,
): Promise<Uint8Array | undefined> {
  const hit = cache?.get(key)
  if (hit === undefined) return undefined
  const value = await hit.catch(() => undefined)
  return value instanceof Uint8Array ? value : undefined
}
