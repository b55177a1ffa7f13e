import { AppError } from '../shared/errors'
import type { LeaveGuard } from './leaveGuard'

/**
 * True for the browser's "out of space" failure. IndexedDB reports it as a `QuotaExceededError`
 * DOMException, either directly or as the `error` of the transaction it aborted (idb surfaces the
 * abort as an `AbortError` whose transaction carries the real cause).
 */
export function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false
  const name = 'name' in e ? e.name : undefined
  if (name === 'QuotaExceededError') return true
  // Chromium's legacy numeric code for the same condition (DOMException.QUOTA_EXCEEDED_ERR).
  if ('code' in e && e.code === 22) return true
  const inner =
    'target' in e && typeof e.target === 'object' && e.target !== null && 'error' in e.target
      ? e.target.error
      : undefined
  return inner !== undefined && inner !== e && isQuotaError(inner)
}

/**
 * Frees space by dropping one least-recently-used cache, except the repositories in `protect` and
 * the wheels (sha256) in `blobs`; returns what it dropped, or undefined when nothing is left.
 */
export type EvictOne = (protect: ReadonlySet<string>, blobs: ReadonlySet<string>) => Promise<string | undefined>

export interface QuotaIo {
  evictOne: EvictOne
  /** Told each time a cache is dropped, so the UI can say what was removed. */
  onEvicted?: (key: string) => void
  /** The page's back/forward-cache guard (./leaveGuard.ts): a write it cut short runs again once the page is back. */
  leave?: Pick<LeaveGuard, 'run'>
}

/**
 * Runs one write; when it fails for lack of space, drops least-recently-used caches one at a time
 * (never edits, never the repositories in `protect`) and tries again. Each write is a single
 * IndexedDB transaction, so a failed attempt leaves nothing half-written and retrying is safe.
 * When nothing is left to drop, STORAGE_FULL tells the user what holds the space.
 *
 * `blobs` are wheels and R packages (sha256) a launch in progress reuses: stored for an older
 * repository, they would go with its cache before this launch's environment lists them. The set is
 * read at each eviction, so a launch can add to it as it goes.
 */
export async function writeWithEviction<T>(
  what: string,
  write: () => Promise<T>,
  io: QuotaIo,
  protect: Iterable<string> = [],
  blobs: ReadonlySet<string> = new Set(),
): Promise<T> {
  const keep = new Set(protect)
  const evicted: string[] = []
  const attempt = io.leave ? () => io.leave!.run(write) : write
  for (;;) {
    try {
      return await attempt()
    } catch (e) {
      if (!isQuotaError(e)) throw e
      const key = await io.evictOne(keep, blobs)
      if (key === undefined)
        // JupyterLab shows this message as is when a save fails, so it is worded for the user.
        throw new AppError(
          'STORAGE_FULL',
          `No space left to store ${what}. ` +
            (evicted.length > 0
              ? `Quire removed ${evicted.length} older ${evicted.length === 1 ? 'cache' : 'caches'} from this browser ` +
                'and it is still not enough. '
              : 'Nothing Quire could remove would make room. ') +
            'Delete repositories you no longer need on the Storage page (/storage).',
          { what, evicted },
        )
      evicted.push(key)
      io.onEvicted?.(key)
    }
  }
}

/** How many least-recently-used caches a checkout that ran out of space may drop, one before each retry. */
export const CHECKOUT_EVICTIONS = 5

/**
 * A repository checkout (many writes, not one transaction) that failed for lack of space (STORAGE_FULL, as
 * src/repo/storageErrors.ts words it; the download removed its half-written folder): drops the least-recently-used
 * cache (never edits, never `protect`) and runs it again, one cache at a time up to `count`, so no more is dropped
 * than the checkout needs (the interpreter's baseline snapshot, dropped last, usually survives). Nothing left to
 * drop, or `count` reached, is STORAGE_FULL naming what was dropped.
 */
export async function retryAfterEviction<T>(
  what: string,
  run: () => Promise<T>,
  io: QuotaIo,
  protect: Iterable<string> = [],
  blobs: ReadonlySet<string> = new Set(),
  count = CHECKOUT_EVICTIONS,
): Promise<T> {
  const isFull = (e: unknown) => e instanceof AppError && e.code === 'STORAGE_FULL'
  const keep = new Set(protect)
  const evicted: string[] = []
  const tried = (cause: unknown) =>
    new AppError(
      'STORAGE_FULL',
      `No space left to store ${what}. ` +
        (evicted.length > 0
          ? `Quire removed ${evicted.length} older ${evicted.length === 1 ? 'cache' : 'caches'} from this browser ` +
            `(${evicted.join(', ')}) and tried again; it is still not enough. `
          : 'Nothing Quire could remove would make room. ') +
        'Delete repositories you no longer need on the Storage page (/storage).',
      { what, evicted, cause: cause instanceof Error ? cause.message : String(cause) },
    )
  for (;;) {
    try {
      return await run()
    } catch (e) {
      if (!isFull(e)) throw e
      const key = evicted.length < count ? await io.evictOne(keep, blobs) : undefined
      if (key === undefined) throw tried(e)
      evicted.push(key)
      io.onEvicted?.(key)
    }
  }
}
