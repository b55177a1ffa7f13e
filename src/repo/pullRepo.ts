import type { LaunchSpec } from '../launch'
import { checkUpstream, openRepo, type OpenRepoIo } from './openRepo'
import { readTree } from './readTree'
import type { RepoSnapshot } from './types'

/**
 * A pulled repository (an nbgitpuller link): unlike a launch, every pull asks where the branch
 * points now and takes the new commit, as `git fetch` + merge would. The stored commit opens when
 * the server cannot be reached (offline), so the pulled folder still opens. The record then names
 * the new commit, so the next offline open finds it.
 */
export async function pullRepo(spec: LaunchSpec, io: OpenRepoIo): Promise<RepoSnapshot> {
  const snap = await openRepo(spec, io)
  if (!snap.isRefUnchecked) return snap
  const check = await checkUpstream(spec, snap, io)
  if (check.kind !== 'moved') return snap
  const { sha, dir, fetchedAt } = check.change
  const { files, links } = await readTree(io.fs, dir)
  const rec = await io.records.get(spec.key)
  if (rec) await io.records.put({ ...rec, sha, dir, fetchedAt, openedAt: Date.now() })
  return { sha, files, links, isFromCache: false, fetchedAt }
}
