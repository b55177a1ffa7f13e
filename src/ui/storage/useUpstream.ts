import { useEffect, useState } from 'preact/hooks'
import { saveAndHoldOpenDocuments } from '../../notebook/openDocuments'
import { TEXT_TYPES, Workspace } from '../../notebook/workspace'
import type { PreparedLaunch } from '../../prepare/types'
import { upstreamCopies, type RepoRecord, type UpstreamChange } from '../../repo'
import { idbEditStore } from '../../session/editStore'
import { serializeError, type SerializedError } from '../../shared/errors'
import { openQuireDb, pageQuota, writeWithEviction } from '../../store'

export type UpstreamState =
  | { kind: 'asking'; change: UpstreamChange; editedChanged: Array<{ path: string; copy: string }> }
  | { kind: 'working' }
  | { kind: 'kept' }
  | { kind: 'failed'; error: SerializedError }

async function plan(prepared: PreparedLaunch, change: UpstreamChange) {
  const db = await openQuireDb()
  // Edit writes go through writeWithEviction inside the edit store.
  const edits = idbEditStore(db, prepared.spec.key, pageQuota(db))
  // Workspace's own rule says what the user changed: JupyterLab also saves a notebook when only
  // its kernel metadata moved, and such a save is no edit to keep over the new version.
  const ws = await Workspace.load(prepared.files, edits)
  const stored = (await edits.list()).map((e) => e.path)
  const userEdited = new Set([
    ...ws
      .files()
      .filter((f) => f.status !== 'unchanged')
      .map((f) => f.path),
    ...ws.deleted(),
  ])
  const taken = new Set([...prepared.files.map((f) => f.path), ...stored])
  const changed = new Set(change.changed.map((c) => c.path))
  return {
    edits,
    copies: upstreamCopies([...userEdited], change, (p) => taken.has(p)),
    /** Saved but not edited, on a path upstream changed: dropped so the new version shows. */
    stale: stored.filter((p) => changed.has(p) && !userEdited.has(p)),
  }
}

/** Rewrites the ref's record like the launch's own writes: making room by eviction when the quota is used up. */
async function updateRecord(prepared: PreparedLaunch, edit: (rec: RepoRecord) => RepoRecord): Promise<void> {
  const db = await openQuireDb()
  const rec = await db.get('repos', prepared.spec.key)
  if (rec)
    await writeWithEviction(`repository record ${rec.key}`, () => db.put('repos', edit(rec)), pageQuota(db), [
      prepared.spec.key,
    ])
}

/**
 * The choice offered when the background check found the link's ref moved on: keep the stored
 * commit (remembered for this new commit only, so a newer one asks again), or update — each edited
 * file upstream changed gets the new version saved beside it, the ref's record moves to the new
 * commit (already stored, so no network), and `onUpdated` relaunches the view in place on it.
 */
export function useUpstream(prepared: PreparedLaunch, change: UpstreamChange | undefined, onUpdated: () => void) {
  const [state, setState] = useState<UpstreamState | undefined>(undefined)
  useEffect(() => {
    if (!change) return
    plan(prepared, change)
      .then(({ copies }) =>
        setState({ kind: 'asking', change, editedChanged: copies.map((c) => ({ path: c.of, copy: c.path })) }),
      )
      .catch((e: unknown) => setState({ kind: 'failed', error: serializeError(e) }))
  }, [prepared, change])

  const keep = async () => {
    if (!change) return
    try {
      await updateRecord(prepared, (rec) => ({ ...rec, declinedSha: change.sha }))
      setState({ kind: 'kept' })
    } catch (e) {
      setState({ kind: 'failed', error: serializeError(e) })
    }
  }

  const update = async () => {
    if (!change) return
    setState({ kind: 'working' })
    // Keystrokes autosave has not written yet count as edits too; and no save of the old content
    // may land once the stored edits are sorted below (it would read as an edit of the new commit).
    let resume = () => {}
    try {
      resume = await saveAndHoldOpenDocuments()
      const { edits, copies, stale } = await plan(prepared, change)
      // Copies first: if anything fails after, the user's work and the new version both exist.
      for (const c of copies)
        await edits.put(c.path, TEXT_TYPES.test(c.path) ? new TextDecoder().decode(c.data) : c.data)
      for (const p of stale) await edits.forget(p)
      await updateRecord(prepared, (rec) => ({
        ...rec,
        sha: change.sha,
        dir: change.dir,
        fetchedAt: change.fetchedAt,
        declinedSha: undefined,
        isStale: false,
      }))
      onUpdated()
    } catch (e) {
      resume()
      setState({ kind: 'failed', error: serializeError(e) })
    }
  }

  return { state, keep, update }
}
