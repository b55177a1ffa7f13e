/**
 * A branch opened as jsDelivr's CDN has it when nobody could say which commit that is: jsDelivr's own
 * description of `@<branch>` names the branch as its version, not a commit (its answers for a branch carry
 * `x-jsd-version: <branch>`, `x-jsd-version-type: branch`). Such a copy is stored under an id made from its
 * listing (paths and sha256 hashes), never mistaken for a commit SHA: the prefix fails `isFullSha`, so no
 * permanent link is made from it and the header says the commit is unknown.
 */
export const SNAPSHOT_PREFIX = 'jsdelivr-'

/** True for the id of a branch copy whose commit is unknown. */
export const isBranchSnapshot = (sha: string): boolean => sha.startsWith(SNAPSHOT_PREFIX)

/** How the header and prompts name an opened commit: its short SHA, or that the commit is unknown. */
export const commitLabel = (sha: string): string =>
  isBranchSnapshot(sha) ? 'jsDelivr’s copy (commit unknown)' : sha.slice(0, 7)

/** The same files give the same id: sha256 over the sorted `path NUL hash` lines, 40 hex digits kept. */
export async function snapshotId(files: { name: string; hash: string }[]): Promise<string> {
  const lines = files.map((f) => `${f.name}\0${f.hash}\n`).sort()
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(lines.join('')))
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${SNAPSHOT_PREFIX}${hex.slice(0, 40)}`
}
