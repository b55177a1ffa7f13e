import type { StoreValue } from 'idb'
import type { QuireDatabase, QuireDb } from './db'
import { lruOrder, planRemoval, type RemovalPlan, type StoredState } from './catalog'
import type { EvictOne } from './quota'

/** The part of LightningFS ('quire-repos', where commits are checked out) that removal needs. */
export interface CacheFs {
  promises: {
    readdir(path: string): Promise<string[]>
    stat(path: string): Promise<{ isDirectory(): boolean }>
    unlink(path: string): Promise<void>
    rmdir(path: string): Promise<void>
    du?(path: string): Promise<number>
    flush?(): Promise<void>
  }
}

/**
 * One value per record of a blob store, walked with a cursor so only one wheel's or snapshot's
 * bytes (up to tens of MB) are held at a time; `getAll` would hold all of them at once.
 */
async function eachRecord<S extends 'wheels' | 'snapshots', T>(db: QuireDatabase, store: S, pick: (v: StoreValue<QuireDb, S>) => T): Promise<T[]> {
  const out: T[] = []
  for (let c = await db.transaction(store).store.openCursor(); c; c = await c.continue()) out.push(pick(c.value))
  return out
}

/** Reads every store's records; `withSizes` also measures wheels and commit folders (slower: reads bytes). */
export async function loadStoredState(db: QuireDatabase, fs: CacheFs | undefined, withSizes: boolean): Promise<StoredState> {
  const [repos, commits, envs, edits] = await Promise.all([db.getAll('repos'), db.getAll('commits'), db.getAll('envs'), db.getAll('edits')])
  const wheels: StoredState['wheels'] = withSizes
    ? await eachRecord(db, 'wheels', (w) => ({ sha256: w.sha256, filename: w.filename, size: w.bytes.byteLength }))
    : (await db.getAllKeys('wheels')).map((sha256) => ({ sha256, filename: '', size: 0 }))
  // Planning a removal needs each snapshot's envIds, which only its record holds (bytes and all).
  const snapshots = await eachRecord(db, 'snapshots', (x) => ({ key: x.key, envIds: x.envIds, size: x.bytes.byteLength }))
  const dirBytes: Record<string, number> = {}
  if (withSizes && fs?.promises.du)
    for (const dir of new Set(repos.map((r) => r.dir))) dirBytes[dir] = await fs.promises.du(dir).catch(() => 0)
  return {
    repos, commits, envs, wheels, snapshots, dirBytes,
    edits: edits.map((e) => ({ id: e.id, repoKey: e.repoKey, path: e.path, size: e.bytes?.byteLength ?? e.content.length })),
  }
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
export async function removeCaches(db: QuireDatabase, fs: CacheFs | undefined, keys: string[], withEdits: boolean): Promise<RemovalPlan> {
  const plan = planRemoval(await loadStoredState(db, undefined, false), keys, withEdits)
  await applyRemoval(db, fs, plan)
  return plan
}

/** Deletes everything Quire stored, edits included (the storage page's "delete everything"). */
export async function removeEverything(db: QuireDatabase, fs: CacheFs | undefined): Promise<void> {
  const tx = db.transaction(['repos', 'commits', 'envs', 'wheels', 'snapshots', 'edits'], 'readwrite')
  await Promise.all([...(['repos', 'commits', 'envs', 'wheels', 'snapshots', 'edits'] as const).map((s) => tx.objectStore(s).clear()), tx.done])
  if (fs) {
    await removeTree(fs, '/repos')
    await fs.promises.flush?.()
  }
}

/** The quota module's evictor: drops the least recently opened repository cache, never edits. */
export function lruEvictor(db: QuireDatabase, fs: CacheFs | undefined): EvictOne {
  return async (protect) => {
    const state = await loadStoredState(db, undefined, false)
    const key = lruOrder(state, protect)[0]
    if (key === undefined) return undefined
    await applyRemoval(db, fs, planRemoval(state, [key], false))
    return key
  }
}
