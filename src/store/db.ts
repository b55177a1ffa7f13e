import { openDB, unwrap, type DBSchema, type IDBPDatabase } from 'idb'
import type { CommitRecord, RepoRecord } from '../repo'
import { AppError } from '../shared/errors'
import type { REnvRecord } from '../resolve-r'

/** A resolved environment, fixed per repository commit so reopening never re-resolves. */
export interface EnvRecord {
  /** `${repoKey}@${sha}` */
  id: string
  packages: Array<{ name: string; version: string; source: string; filename?: string; sha256?: string }>
  pyodidePackages: string[]
  /** sha256 of each wheel the kernel unpacks, in install order. */
  wheels: Array<{ filename: string; sha256: string; /** set for wheels kept in the repository */ path?: string }>
  resolvedAt: number
  // Optional, so records written before they existed still read (no schema change, no migration).
  /** Pins met with another version (asked, got); the verdict is recomputed from them per launch. */
  drift?: Array<{ name: string; asked: string; got: string; requestedBy: string }>
  /** Packages with no browser build: a hub verdict. */
  problems?: Array<{ name: string; code: 'NO_BROWSER_WHEEL' | 'PACKAGE_NOT_FOUND'; message: string; requestedBy: string }>
  /** Packages added because notebooks import them undeclared (src/spec/undeclaredImports.ts): a warning. */
  addedImports?: Array<{ module: string; pkg: string; files: string[] }>
  /** R packages resolved against webR's repository (src/resolve-r); their .tgz bytes are kept in `wheels` by sha256. */
  r?: REnvRecord
  /** The resolved environment in pyodide-lock.json form (src/prepare/lockFile.ts), for export. */
  lock?: { info: Record<string, string>; packages: Record<string, { name: string; version: string; file_name: string; sha256: string; depends: string[]; source: string }> }
}

export interface WheelRecord {
  sha256: string
  filename: string
  bytes: Uint8Array
}

/** A user's saved version of a repository file, overlaid on the commit's version. */
export interface EditRecord {
  /** `${repoKey}:${path}` */
  id: string
  repoKey: string
  path: string
  content: string
  savedAt: number
  // Optional, so records written before they existed still read (no schema change, no migration).
  /** The new bytes of a binary file (an upload); `content` is then empty. */
  bytes?: Uint8Array
  /** The user deleted this commit file; `content` is empty. */
  deleted?: boolean
}

/**
 * A Pyodide memory snapshot taken after an environment was installed and imported (issue 8).
 * Keyed by the environment's lock and the Pyodide version, because a snapshot only loads into the
 * exact interpreter build and package set that made it.
 */
export interface SnapshotRecord {
  /** `${lockDigest}@${pyodideVersion}` */
  key: string
  pyodideVersion: string
  /** sha256 (hex) of `bytes`, checked before the snapshot is used. */
  sha256: string
  bytes: Uint8Array
  createdAt: number
  lastUsed: number
  // Optional, so records written before it existed still read (no schema change).
  /** The environment records (`${repoKey}@${sha}`) this snapshot serves, so the storage page can
   *  count it per repository and delete it with the last of them. Without it, only "delete everything" removes it. */
  envIds?: string[]
}

export interface QuireDb extends DBSchema {
  repos: { key: string; value: RepoRecord }
  commits: { key: string; value: CommitRecord }
  envs: { key: string; value: EnvRecord }
  wheels: { key: string; value: WheelRecord }
  edits: { key: string; value: EditRecord; indexes: { byRepo: string } }
  snapshots: { key: string; value: SnapshotRecord }
}

export type QuireDatabase = IDBPDatabase<QuireDb>

const DB_NAME = 'quire'
const DB_VERSION = 3

/** Set by the e2e quota test only (src/store/quotaShim.ts): a byte budget for this page's writes. */
export const TEST_QUOTA_KEY = 'quire:test-quota-bytes'

function hasTestQuota(): boolean {
  try {
    return Boolean(globalThis.localStorage?.getItem(TEST_QUOTA_KEY))
  } catch {
    // Storage blocked: no test is running.
    return false
  }
}

export async function openQuireDb(): Promise<QuireDatabase> {
  const db = await openQuireDbOnly()
  // Loaded only when a test sets its flag, so the shim stays out of the app's bundle and path.
  if (hasTestQuota()) await (await import('./quotaShim')).installQuotaShim(unwrap(db))
  return db
}

async function openQuireDbOnly(): Promise<QuireDatabase> {
  try {
    return await openDB<QuireDb>(DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion) {
        // Migrations run in order; each step only adds what its version introduced.
        if (oldVersion < 1) {
          db.createObjectStore('repos', { keyPath: 'key' })
          db.createObjectStore('envs', { keyPath: 'id' })
          db.createObjectStore('wheels', { keyPath: 'sha256' })
          db.createObjectStore('edits', { keyPath: 'id' }).createIndex('byRepo', 'repoKey')
        }
        // v2: downloaded commits, keyed by provider + repository + SHA, so refs can share them.
        if (oldVersion < 2) db.createObjectStore('commits', { keyPath: 'id' })
        // v3: interpreter memory snapshots, keyed by environment lock + Pyodide version.
        if (oldVersion < 3) db.createObjectStore('snapshots', { keyPath: 'key' })
      },
    })
  } catch (e) {
    throw new AppError('STORAGE_FAILED', `cannot open IndexedDB: ${e instanceof Error ? e.message : String(e)}`)
  }
}
