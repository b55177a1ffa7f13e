import type { HttpClient } from 'isomorphic-git'
import type { LaunchSpec } from '../launch'
import { cloneRepo } from './cloneRepo'
import { fetchDemo } from './fetchDemo'
import { readTree } from './readTree'
import type { FetchProgress, RepoFs, RepoSnapshot } from './types'

export interface RepoRecord {
  key: string
  url: string
  ref: string
  sha: string
  dir: string
  fetchedAt: number
  openedAt: number
}

export interface RepoRecords {
  get(key: string): Promise<RepoRecord | undefined>
  put(rec: RepoRecord): Promise<void>
}

export interface OpenRepoIo {
  fs: RepoFs & { promises: { flush?: () => Promise<void> } }
  http: HttpClient
  records: RepoRecords
  corsProxy?: string
  /** Absolute URL of the folder holding the built-in demos. */
  demoBaseUrl: string
  onProgress?: (p: FetchProgress) => void
}

/** FNV-1a: a short stable folder name for a storage key (not security relevant). */
export function dirFor(key: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return `/repos/${(h >>> 0).toString(16).padStart(8, '0')}`
}

/**
 * Returns the repository's files: from IndexedDB when this key was fetched before (no network),
 * else fetched (clone or demo copy) and stored first.
 */
export async function openRepo(spec: LaunchSpec, io: OpenRepoIo): Promise<RepoSnapshot> {
  const now = Date.now()
  const known = await io.records.get(spec.key)
  if (known) {
    io.onProgress?.({ phase: 'reading', loaded: 0 })
    const files = await readTree(io.fs, known.dir).catch(() => [])
    if (files.length > 0) {
      await io.records.put({ ...known, openedAt: now })
      return { sha: known.sha, files, isFromCache: true }
    }
  }
  const dir = dirFor(spec.key)
  io.onProgress?.({ phase: 'connecting', loaded: 0 })
  const sha =
    spec.provider === 'demo'
      ? await fetchDemo({ fs: io.fs, dir, baseUrl: `${io.demoBaseUrl}/${spec.repoUrl}`, onProgress: io.onProgress })
      : await cloneRepo({ fs: io.fs, http: io.http, dir, url: spec.repoUrl, ref: spec.ref, corsProxy: spec.provider === 'gh' ? io.corsProxy : undefined, onProgress: io.onProgress })
  // LightningFS writes lazily; flush before recording so a crash cannot leave a record without files.
  await io.fs.promises.flush?.()
  await io.records.put({ key: spec.key, url: spec.repoUrl, ref: spec.ref, sha, dir, fetchedAt: now, openedAt: now })
  io.onProgress?.({ phase: 'reading', loaded: 0 })
  return { sha, files: await readTree(io.fs, dir), isFromCache: false }
}
