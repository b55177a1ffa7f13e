import type { Workspace } from '../notebook'

/**
 * nbgitpuller's merge (jupyterhub/nbgitpuller's pull.py), on Quire's workspace: the pulled
 * repository's new commit is the base of its folder (prepareLaunch put it there) and the user's
 * edits stay over it, so the user's edits win and new upstream files arrive; a file the user
 * deleted comes back from upstream (`reset_deleted_files`: clicking the link again gives a clean
 * copy). Unlike git's `-Xours` merge, an edited file is kept whole, without upstream's other hunks.
 * Returns the restored paths.
 */
export async function mergePull(workspace: Workspace, target: string): Promise<string[]> {
  const restored = workspace.deleted().filter((p) => p.startsWith(`${target}/`))
  for (const p of restored) await workspace.revert(p)
  return restored
}
