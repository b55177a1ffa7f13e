// Which stored edit records are edits a user made, for the storage page's count (issue 8 follow-up).
// Two kinds of record are not: folder markers (`dir/`, kept so empty folders survive a reload) and
// JupyterLab's saves of a notebook whose cells are the repository's own (it saves on open with
// kernel metadata filled in, or outputs of cells the user ran). Both stay stored, since dropping a
// record is not safe to guess at (a user may have changed metadata on purpose); they are only not
// counted.
import { notebookCellsKey } from '../shared/notebookCells'

/** True when a notebook's cells (type and source) are the same as the repository's version: a metadata-only save. */
export function isMetadataOnlySave(saved: string, original: string): boolean {
  const a = notebookCellsKey(saved)
  return a !== undefined && a === notebookCellsKey(original)
}

/**
 * Whether an edit record counts as the user's edit. `original` is the repository's text of the
 * file when it is known; without it a notebook save counts (it may be a real edit).
 */
export function isUserEdit(
  record: { path: string; content: string; bytes?: Uint8Array; deleted?: boolean },
  original?: string,
): boolean {
  if (record.path.endsWith('/')) return false
  if (record.deleted || record.bytes || original === undefined || !record.path.endsWith('.ipynb')) return true
  return !isMetadataOnlySave(record.content, original)
}
