import { evictHistory } from './history'
import type { EditRecord, QuireDatabase, QuireDb } from './db'
import { isUserEdit } from './editCount'
import { nextEviction, planRemoval, type RemovalPlan, type StoredState } from './catalog'
import type { EvictOne } from './quota'

/** The part of LightningFS ('quire-repos', where commits are checked out) that removal needs. */
export interface CacheFs {
  promises: {
    readdir(path: string): Promise<string[]>
    stat(path: string): Promise<{ isDirectory(): boolean }>
    unlink(path: string): Promise<void>
    rmdir(path: string): Promise<void>
    du?(path: string): Promise<number>
    readFile?(path: string, opts: { encoding: 'utf8' }): Promise<Uint8Array | string>
    flush?(): Promise<void>
  }
}

type BlobStore = 'wheels' | 'snapshots'

/**
 * What sizing reads from the database: plain records, keys, and the v4 indexes (`bySize`,
 * `byEnv`), never the wheel or snapshot values (tens of MB each). Injected so the rule is tested.
 */
export interface StoreReader {
  records(): Promise<Pick<StoredState, 'repos' | 'commits' | 'envs'> & { edits: EditRecord[] }>
  keys(store: BlobStore): Promise<string[]>
  /** [primary key, size] pairs of the store's `bySize` index. */
  sizes(store: BlobStore): Promise<Array<[string, number]>>
  /** [environment id, snapshot key] pairs of the snapshots' `byEnv` index. */
  snapshotEnvs(): Promise<Array<[string, string]>>
  /** A record stored without `size` (a writer that did not set it): its bytes, read once. */
  measure(store: BlobStore, key: string): Promise<number>
}

/** Pairs of (index key, primary key) of an index, read with a key cursor: values stay on disk. */
async function indexPairs<S extends BlobStore, I extends keyof QuireDb[S]['indexes'] & string>(
  db: QuireDatabase,
  store: S,
  index: I,
): Promise<Array<[unknown, string]>> {
  const out: Array<[unknown, string]> = []
  const idx = db.transaction(store).store.index(index)
  for (let c = await idx.openKeyCursor(); c; c = await c.continue()) out.push([c.key, String(c.primaryKey)])
  return out
}

export function idbReader(db: QuireDatabase): StoreReader {
  return {
    async records() {
      const [repos, commits, envs, edits] = await Promise.all([
        db.getAll('repos'),
        db.getAll('commits'),
        db.getAll('envs'),
        db.getAll('edits'),
      ])
      return { repos, commits, envs, edits }
    },
    keys: (store) => db.getAllKeys(store),
    sizes: async (store) => (await indexPairs(db, store, 'bySize')).map(([size, key]) => [key, Number(size)]),
    snapshotEnvs: async () => (await indexPairs(db, 'snapshots', 'byEnv')).map(([envId, key]) => [String(envId), key]),
    measure: async (store, key) => (await db.get(store, key))?.bytes.byteLength ?? 0,
  }
}

/** Each key of a blob store with its size: from the index, or measured for the rare record without one. */
async function blobSizes(reader: StoreReader, store: BlobStore): Promise<Array<{ key: string; size: number }>> {
  const [keys, sized] = await Promise.all([reader.keys(store), reader.sizes(store)])
  const size = new Map(sized)
  return Promise.all(keys.map(async (key) => ({ key, size: size.get(key) ?? (await reader.measure(store, key)) })))
}

/** A repository file's text as the commit has it, when LightningFS can say. */
async function originalText(
  fs: CacheFs | undefined,
  dir: string | undefined,
  path: string,
): Promise<string | undefined> {
  if (!fs?.promises.readFile || dir === undefined) return undefined
  const data = await fs.promises.readFile(`${dir}/${path}`, { encoding: 'utf8' }).catch(() => undefined)
  return typeof data === 'string' ? data : undefined
}

/**
 * Everything stored, as plain records and sizes. `withSizes` also measures commit folders and
 * tells which edits are the user's (it reads the repository's notebooks to compare); eviction
 * planning needs neither.
 */
export async function readStoredState(
  reader: StoreReader,
  fs: CacheFs | undefined,
  withSizes: boolean,
): Promise<StoredState> {
  const [{ repos, commits, envs, edits }, wheels, snaps, snapEnvs] = await Promise.all([
    reader.records(),
    blobSizes(reader, 'wheels'),
    blobSizes(reader, 'snapshots'),
    reader.snapshotEnvs(),
  ])
  const envIdsOf = new Map<string, string[]>()
  for (const [envId, key] of snapEnvs) envIdsOf.set(key, [...(envIdsOf.get(key) ?? []), envId])
  const dirBytes: Record<string, number> = {}
  if (withSizes && fs?.promises.du)
    for (const dir of new Set(repos.map((r) => r.dir))) dirBytes[dir] = await fs.promises.du(dir).catch(() => 0)
  const dirOf = new Map(repos.map((r) => [r.key, r.dir]))
  return {
    repos,
    commits,
    envs,
    dirBytes,
    wheels: wheels.map(({ key, size }) => ({ sha256: key, size })),
    snapshots: snaps.map(({ key, size }) => ({ key, size, envIds: envIdsOf.get(key) })),
    edits: await Promise.all(
      edits.map(async (e) => ({
        id: e.id,
        repoKey: e.repoKey,
        path: e.path,
        size: e.bytes?.byteLength ?? e.content.length,
        isUserEdit: isUserEdit(
          e,
          withSizes && e.path.endsWith('.ipynb') && !e.deleted
            ? await originalText(fs, dirOf.get(e.repoKey), e.path)
            : undefined,
        ),
      })),
    ),
  }
}

/** Reads every store's records and sizes from IndexedDB (see `readStoredState`). */
export function loadStoredState(db: QuireDatabase, fs: CacheFs | undefined, withSizes: boolean): Promise<StoredState> {
  return readStoredState(idbReader(db), fs, withSizes)
}

async function removeTree(fs: CacheFs, path: string): Promise<void> {
  const st = await fs.promises.stat(path).catch(() => undefined)
  if (!st) return
  if (!st.isDirectory()) return fs.promises.unlink(path)
  for (const name of await fs.promises.readdir(path)) await removeTree(fs, `${path}/${name}`)
  await fs.promises.rmdir(path)
}

/**
 * Deletes a plan's records in ONE transaction across the stores, so a failure (or a closed tab)
 * leaves everything as it was; then the commit folders, whose records are already gone, so no
 * record ever points at missing files.
 */
export async function applyRemoval(db: QuireDatabase, fs: CacheFs | undefined, plan: RemovalPlan): Promise<void> {
  const tx = db.transaction(['repos', 'commits', 'envs', 'wheels', 'snapshots', 'edits'], 'readwrite')
  await Promise.all([
    ...plan.repos.map((k) => tx.objectStore('repos').delete(k)),
    ...plan.commits.map((k) => tx.objectStore('commits').delete(k)),
    ...plan.envs.map((k) => tx.objectStore('envs').delete(k)),
    ...plan.wheels.map((k) => tx.objectStore('wheels').delete(k)),
    ...plan.snapshots.map((k) => tx.objectStore('snapshots').delete(k)),
    ...plan.edits.map((k) => tx.objectStore('edits').delete(k)),
    tx.done,
  ])
  if (!fs) return
  for (const dir of plan.dirs) await removeTree(fs, dir)
  await fs.promises.flush?.()
}

/** Removes the caches of `keys` (and their edits when `withEdits`), keeping anything still shared. */
export async function removeCaches(
  db: QuireDatabase,
  fs: CacheFs | undefined,
  keys: string[],
  withEdits: boolean,
): Promise<RemovalPlan> {
  const plan = planRemoval(await loadStoredState(db, undefined, false), keys, withEdits)
  await applyRemoval(db, fs, plan)
  return plan
}

/** Deletes everything Quire stored, edits included (the storage page's "delete everything"). */
export async function removeEverything(db: QuireDatabase, fs: CacheFs | undefined): Promise<void> {
  const tx = db.transaction(['repos', 'commits', 'envs', 'wheels', 'snapshots', 'edits'], 'readwrite')
  await Promise.all([
    ...(['repos', 'commits', 'envs', 'wheels', 'snapshots', 'edits'] as const).map((s) => tx.objectStore(s).clear()),
    tx.done,
  ])
  if (fs) {
    await removeTree(fs, '/repos')
    await fs.promises.flush?.()
  }
}

/** The quota module's evictor: drops the least recently opened repository cache, never edits. */
export function lruEvictor(db: QuireDatabase, fs: CacheFs | undefined): EvictOne {
  return async (protect, blobs) => {
    // The local history goes first: older versions of files, before any repository's cache.
    const history = await evictHistory(db)
    if (history !== undefined) return history
    const state = await loadStoredState(db, undefined, false)
    const next = nextEviction(state, protect)
    if (next === undefined) return undefined
    if (next.kind === 'baseline') await db.delete('snapshots', next.key)
    else await applyRemoval(db, fs, planRemoval(state, [next.key], false, blobs))
    return next.key
  }
}
