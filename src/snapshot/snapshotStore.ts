// Memory snapshots in storage (issue 8): read and checked before use, deleted when damaged or when
// they fail to load, written once per environment and Pyodide version. Storage is injected
// (IndexedDB's `snapshots` store in the app, a Map in tests).
import { sha256Hex } from '../resolve'
import { AppError } from '../shared/errors'
import {
  envRepoKey,
  pageQuota,
  withSize,
  writeWithEviction,
  type QuireDatabase,
  type QuotaIo,
  type SnapshotRecord,
} from '../store'

export interface SnapshotStorage {
  get(key: string): Promise<SnapshotRecord | undefined>
  put(record: SnapshotRecord): Promise<void>
  delete(key: string): Promise<void>
  /**
   * Makes room when a write hits the quota (src/store/quota.ts); without it a snapshot that does not fit is not
   * stored.
   */
  quota?: QuotaIo
  /** Where a snapshot that found no room is reported; console.info by default. */
  log?: (line: string) => void
}

/** The app's storage: IndexedDB's `snapshots` store, evicting least-recently-used caches for room. */
export function idbSnapshotStorage(db: Promise<QuireDatabase>): SnapshotStorage {
  let quota: QuotaIo | undefined
  return {
    get: async (key) => (await db).get('snapshots', key),
    put: async (record) => void (await (await db).put('snapshots', record)),
    delete: async (key) => (await db).delete('snapshots', key),
    quota: { evictOne: async (protect, blobs) => (quota ??= pageQuota(await db)).evictOne(protect, blobs) },
  }
}

export type SnapshotLookup =
  | { kind: 'found'; bytes: Uint8Array }
  | { kind: 'absent' }
  /** Stored bytes that do not match their sha256: deleted, so the next launch makes a new one. */
  | { kind: 'damaged'; reason: string }

/**
 * The snapshot stored under `key`, verified. Read-only: a `lastUsed` bump would rewrite the whole
 * record (tens of MB) before the boot it delays, and nothing reads `lastUsed`.
 */
export async function readSnapshot(storage: SnapshotStorage, key: string): Promise<SnapshotLookup> {
  const found = await readSnapshotChecking(storage, key)
  if (found.kind === 'absent') return found
  const damaged = await found.check
  return damaged === undefined ? { kind: 'found', bytes: found.bytes } : { kind: 'damaged', reason: damaged }
}

/**
 * The snapshot stored under `key` at once, with its sha256 check still running (issue 18: a 43 MB
 * snapshot's check took the page seconds before the worker could start restoring). `check` resolves to
 * undefined when the bytes match, else to why not, after the record is deleted. The check works on its
 * own copy, taken before this returns: `bytes` may be transferred to the worker at once.
 */
export async function readSnapshotChecking(
  storage: SnapshotStorage,
  key: string,
): Promise<{ kind: 'found'; bytes: Uint8Array; check: Promise<string | undefined> } | { kind: 'absent' }> {
  const record = await storage.get(key)
  if (!record) return { kind: 'absent' }
  // sha256Hex copies the bytes before its first await.
  const digest = sha256Hex(record.bytes)
  const check = digest.then(async (actual) => {
    if (actual === record.sha256) return undefined
    await storage.delete(key)
    return `sha256 ${actual.slice(0, 12)}… is not the stored ${record.sha256.slice(0, 12)}…`
  })
  return { kind: 'found', bytes: record.bytes, check }
}

/**
 * Stores a snapshot the worker made; `envId` (`${repoKey}@${sha}`, none for the baseline) is added to the
 * environments it serves, so the storage page counts it per repository (src/store/catalog.ts). Like every write it
 * evicts least-recently-used caches (never this repository's) when space runs out; a snapshot that
 * still does not fit is not stored and the result is undefined: it only speeds up the next visit,
 * so the user is not told, and the next launch tries again.
 */
export async function writeSnapshot(
  storage: SnapshotStorage,
  key: string,
  bytes: Uint8Array,
  pyodideVersion: string,
  envId: string | undefined,
  now = Date.now,
): Promise<SnapshotRecord | undefined> {
  const existing = await storage.get(key)
  // The baseline (chooseBoot.ts) serves no repository in particular: no environment, nothing protected.
  const envIds = [...new Set([...(existing?.envIds ?? []), ...(envId === undefined ? [] : [envId])])]
  const at = now()
  const record = withSize<SnapshotRecord>({
    key,
    pyodideVersion,
    sha256: await sha256Hex(bytes),
    bytes,
    createdAt: at,
    lastUsed: at,
    envIds,
  })
  const quota = storage.quota ?? { evictOne: async () => undefined }
  try {
    await writeWithEviction(
      `the kernel snapshot ${key}`,
      () => storage.put(record),
      quota,
      envId === undefined ? [] : [envRepoKey(envId)],
    )
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'STORAGE_FULL')) throw e
    ;(storage.log ?? console.info)(
      `quire: kernel snapshot not stored, no room (${(bytes.byteLength / 2 ** 20).toFixed(1)} MB)`,
    )
    return undefined
  }
  return record
}

/** A snapshot that failed to load in the worker goes, so it is not tried again. */
export const discardSnapshot = (storage: SnapshotStorage, key: string) => storage.delete(key)
