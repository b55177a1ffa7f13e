// Memory snapshots in storage (issue 8): read and checked before use, deleted when damaged or when
// they fail to load, written once per environment and Pyodide version. Storage is injected
// (IndexedDB's `snapshots` store in the app, a Map in tests).
import { sha256Hex } from '../resolve'
import type { SnapshotRecord } from '../store'

export interface SnapshotStorage {
  get(key: string): Promise<SnapshotRecord | undefined>
  put(record: SnapshotRecord): Promise<void>
  delete(key: string): Promise<void>
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
  const record = await storage.get(key)
  if (!record) return { kind: 'absent' }
  const actual = await sha256Hex(record.bytes)
  if (actual !== record.sha256) {
    await storage.delete(key)
    return { kind: 'damaged', reason: `sha256 ${actual.slice(0, 12)}… is not the stored ${record.sha256.slice(0, 12)}…` }
  }
  return { kind: 'found', bytes: record.bytes }
}

/**
 * Stores a snapshot the worker made; `envId` (`${repoKey}@${sha}`) is added to the environments it
 * serves, so the storage page counts it per repository (src/store/catalog.ts).
 */
export async function writeSnapshot(storage: SnapshotStorage, key: string, bytes: Uint8Array, pyodideVersion: string, envId: string, now = Date.now): Promise<SnapshotRecord> {
  const existing = await storage.get(key)
  const envIds = [...new Set([...existing?.envIds ?? [], envId])]
  const at = now()
  const record: SnapshotRecord = { key, pyodideVersion, sha256: await sha256Hex(bytes), bytes, createdAt: at, lastUsed: at, envIds }
  await storage.put(record)
  return record
}

/** A snapshot that failed to load in the worker goes, so it is not tried again. */
export const discardSnapshot = (storage: SnapshotStorage, key: string) => storage.delete(key)
