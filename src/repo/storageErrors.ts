import { AppError } from '../shared/errors'
import { isQuotaError } from '../store/quota'

// File-system errors of LightningFS (src/errors.js: EEXIST, ENOENT, ENOTDIR, ENOTEMPTY, EISDIR) and of a
// disk (Node's fs in tests and the CLI). ETIMEDOUT is left out: Node's sockets use it too, for a network failure.
const FS_CODES = new Set(['EEXIST', 'ENOENT', 'ENOTDIR', 'ENOTEMPTY', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'EIO'])
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT'])
// DOMExceptions that come from fetch, not from IndexedDB (an aborted or timed-out request).
const NETWORK_DOM = new Set(['AbortError', 'TimeoutError', 'NetworkError'])

function codeOf(e: object): unknown {
  return 'code' in e ? e.code : undefined
}

/**
 * The browser's storage failing while a repository is written or checked out: LightningFS's file errors and
 * the IndexedDB DOMExceptions under it (quota, UnknownError, InvalidStateError of a closed database…), as
 * STORAGE_FULL or STORAGE_FAILED naming what was being written. Undefined for anything else — a network or
 * git failure keeps its own code (src/repo/gitErrors.ts), so neither reads as the other.
 */
export function storageFailure(e: unknown, what: string): AppError | undefined {
  if (e instanceof AppError || typeof e !== 'object' || e === null) return undefined
  const message = e instanceof Error ? e.message : String(e)
  const code = codeOf(e)
  if (isQuotaError(e) || FULL_CODES.has(String(code)))
    return new AppError('STORAGE_FULL', `the browser's storage is full while writing ${what}: ${message}`, { what })
  const isDom = typeof DOMException !== 'undefined' && e instanceof DOMException && !NETWORK_DOM.has(e.name)
  if (isDom || FS_CODES.has(String(code)))
    return new AppError('STORAGE_FAILED', `cannot write ${what} to the browser's storage: ${message}`, {
      what,
      cause: isDom ? (e as DOMException).name : String(code),
    })
  return undefined
}

/** Runs a write to the repository's folder; a storage failure becomes its AppError, anything else is rethrown. */
export async function writingTo<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (e) {
    throw storageFailure(e, what) ?? e
  }
}
