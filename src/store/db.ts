import { openDB, unwrap, type DBSchema, type IDBPDatabase } from 'idb'
import type { CommitRecord, RepoRecord } from '../repo'
import { AppError } from '../shared/errors'
import type { REnvRecord } from '../resolve-r'

/** A resolved environment, fixed per repository commit so reopening never re-resolves. */
export interface EnvRecord {
  /** `${repoKey}@${sha}` */
  id: string
  packages: Array<{
    name: string
    version: string
    source: string
    filename?: string
    sha256?: string
    /** the extra index it came from */ extraIndex?: string
  }>
  pyodidePackages: string[]
  /** sha256 of each wheel the kernel unpacks, in install order. */
  wheels: Array<{ filename: string; sha256: string; /** set for wheels kept in the repository */ path?: string }>
  resolvedAt: number
  // Optional, so records written before they existed still read (no schema change, no migration).
  /** Pins met with another version (asked, got); the verdict is recomputed from them per launch. */
  drift?: Array<{ name: string; asked: string; got: string; requestedBy: string }>
  /** Packages with no browser build: a hub verdict. */
  problems?: Array<{
    name: string
    code: 'NO_BROWSER_WHEEL' | 'PACKAGE_NOT_FOUND'
    message: string
    requestedBy: string
  }>
  /** Packages added because notebooks import them undeclared (src/environment/undeclaredImports.ts): a warning. */
  addedImports?: Array<{ module: string; pkg: string; files: string[] }>
  /** R packages resolved against webR's repository (src/resolve-r); their .tgz bytes are kept in `wheels` by sha256. */
  r?: REnvRecord
  /** Extra indexes that did not answer when this environment was resolved: its warning, repeated on each reopen. */
  unreachable?: Array<{ indexUrl: string; reason: string }>
  /** The resolved environment in pyodide-lock.json form (src/prepare/lockFile.ts), for export. */
  lock?: {
    info: Record<string, string>
    packages: Record<
      string,
      { name: string; version: string; file_name: string; sha256: string; depends: string[]; source: string }
    >
  }
}

export interface WheelRecord {
  sha256: string
  filename: string
  bytes: Uint8Array
  /** `bytes.byteLength`, kept beside them (v4) so sizing reads the `bySize` index, never the bytes.
   *  Optional because writers outside src/store hand over records without it; `withSize` adds it. */
  size?: number
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
  /** The tab that wrote it (src/notebook/tabs): a later save by another tab always keeps it in history. */
  tab?: string
  /** Counts the path's writes, in the order they were stored: a tab applies another's only when newer. */
  rev?: number
}

/**
 * A version of a file that a save replaced (v5): the local history. Kept within a budget per file
 * (src/store/history.ts) and evicted before any repository cache when space runs out.
 */
export interface HistoryRecord {
  /** Auto-incremented: the order versions were kept in. */
  id?: number
  /** `${repoKey}:${path}` */
  file: string
  repoKey: string
  path: string
  content: string
  bytes?: Uint8Array
  /** The version replaced was a deletion mark (the file was brought back). */
  deleted?: boolean
  /** When this version had been saved. */
  savedAt: number
  /** When a save replaced it and it was kept here. */
  keptAt: number
  size: number
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
  /** `bytes.byteLength` (v4), read through the `bySize` index so sizing never loads ~30 MB. */
  size?: number
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
  wheels: { key: string; value: WheelRecord; indexes: { bySize: number } }
  edits: { key: string; value: EditRecord; indexes: { byRepo: string } }
  snapshots: { key: string; value: SnapshotRecord; indexes: { bySize: number; byEnv: string } }
  history: { key: number; value: HistoryRecord; indexes: { byFile: string; byRepo: string; byKept: number } }
}

/** A blob record with its `size` set from its bytes, as every write should store it. */
export function withSize<T extends { bytes: Uint8Array }>(record: T): T & { size: number } {
  return { ...record, size: record.bytes.byteLength }
}

export type QuireDatabase = IDBPDatabase<QuireDb>

const DB_NAME = 'quire'
const DB_VERSION = 5

/**
 * Set by the e2e quota test only (src/store/quotaShim.ts): a byte budget for this page's writes and its launch
 * worker's.
 */
export const TEST_QUOTA_KEY = 'quire:test-quota-bytes'

function hasTestQuota(): boolean {
  try {
    return Boolean(globalThis.localStorage?.getItem(TEST_QUOTA_KEY))
  } catch {
    // Storage blocked: no test is running.
    return false
  }
}

/**
 * Opens (and migrates) Quire's database. `testQuotaBytes` is the e2e quota flag handed to a worker,
 * which has no localStorage to read it from (src/prepare/client.ts passes it).
 */
export async function openQuireDb(opts: { testQuotaBytes?: number } = {}): Promise<QuireDatabase> {
  const db = await sharedConnection()
  // Loaded only when a test sets its flag, so the shim stays out of the app's bundle and path.
  if (opts.testQuotaBytes !== undefined || hasTestQuota())
    await (await import('./quotaShim')).installQuotaShim(unwrap(db), opts.testQuotaBytes)
  return db
}

/** The page's test quota flag, for a worker it starts (undefined outside the e2e quota tests). */
export function testQuotaBytes(): number | undefined {
  if (!hasTestQuota()) return undefined
  const n = Number(globalThis.localStorage?.getItem(TEST_QUOTA_KEY))
  return Number.isFinite(n) && n > 0 ? n : undefined
}

// One connection per page or worker. Besides saving opens, it matters for upgrades: a second open
// request waits in line behind one that is blocked and is never told so itself, so every caller
// must share the first request's answer (STORAGE_BLOCKED included, until the page reloads).
let shared: Promise<QuireDatabase> | undefined

function sharedConnection(): Promise<QuireDatabase> {
  shared ??= openQuireDbOnly().catch((e: unknown) => {
    if (!(e instanceof AppError && e.code === 'STORAGE_BLOCKED')) shared = undefined
    throw e
  })
  return shared
}

/** Dispatched on the global scope when this page gave its connection up to a newer build's upgrade. */
export const STORAGE_CLOSED_EVENT = 'quire:storage-closed'

/** How long an upgrade waits for older tabs to let go before saying so (STORAGE_BLOCKED). */
const BLOCKED_WAIT_MS = 3000

async function openQuireDbOnly(): Promise<QuireDatabase> {
  // An upgrade waits until every other connection closes. Tabs of this version close theirs when
  // a newer version asks (`blocking`); a tab of an older build has no such handler, and without
  // `blocked` this page would wait for it silently forever.
  let isBlocked: (() => void) | undefined
  const blocked = new Promise<never>((_, reject) => {
    isBlocked = () =>
      setTimeout(
        () =>
          reject(
            new AppError(
              'STORAGE_BLOCKED',
              `IndexedDB "${DB_NAME}" cannot be upgraded to version ${DB_VERSION} while another tab holds an older version open`,
              { version: DB_VERSION },
            ),
          ),
        BLOCKED_WAIT_MS,
      )
  })
  blocked.catch(() => {})
  try {
    return await Promise.race([blocked, openDbAt(() => isBlocked?.())])
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('STORAGE_FAILED', `cannot open IndexedDB: ${e instanceof Error ? e.message : String(e)}`)
  }
}

function openDbAt(onBlocked: () => void): Promise<QuireDatabase> {
  const db: Promise<QuireDatabase> = openDB<QuireDb>(DB_NAME, DB_VERSION, {
    blocked: onBlocked,
    // A newer build opened in another tab: let it upgrade. This tab's later storage calls fail
    // (STORAGE_FAILED) and a reload brings it to the new version; its edits are already saved.
    blocking: () => {
      console.info('quire: a newer Quire in another tab is upgrading storage; reload this tab to go on')
      shared = undefined
      void db.then((d) => d.close())
      // The page says so (src/ui/StorageClosedBanner.tsx); in a worker nobody listens.
      globalThis.dispatchEvent?.(new Event(STORAGE_CLOSED_EVENT))
    },
    upgrade(db, oldVersion, _newVersion, tx) {
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
      // v4: sizes beside the bytes and a snapshot index by environment, so the storage page and
      // eviction size and plan from indexes without loading wheels or snapshots (tens of MB).
      if (oldVersion < 4) {
        const wheels = tx.objectStore('wheels')
        const snapshots = tx.objectStore('snapshots')
        wheels.createIndex('bySize', 'size')
        snapshots.createIndex('bySize', 'size')
        snapshots.createIndex('byEnv', 'envIds', { multiEntry: true })
        // Records stored before v4 get their size once, here; the upgrade transaction waits for it.
        // (One record's bytes held at a time; two loops because idb types each store's cursor apart.)
        if (oldVersion >= 1)
          void (async () => {
            for (let c = await wheels.openCursor(); c; c = await c.continue())
              if (c.value.size === undefined) await c.update(withSize(c.value))
          })()
        if (oldVersion >= 3)
          void (async () => {
            for (let c = await snapshots.openCursor(); c; c = await c.continue())
              if (c.value.size === undefined) await c.update(withSize(c.value))
          })()
      }
      // v5: the local history, versions of files that saves replaced; empty at first (edits stay as they are).
      if (oldVersion < 5) {
        const history = db.createObjectStore('history', { keyPath: 'id', autoIncrement: true })
        history.createIndex('byFile', 'file')
        history.createIndex('byRepo', 'repoKey')
        history.createIndex('byKept', 'keptAt')
      }
    },
  })
  return db
}
