// Documents open in any notebook view, saved on demand: autosave (./autosave.ts) waits 0.7 s after
// a keystroke, so anything that reloads or replaces the view (the upstream Update, a page hide)
// saves first. A module of its own with no JupyterLab import, so the storage UI can call it
// without loading the notebook bundle.
import type { Contents } from '@jupyterlab/services'
import type { Autosave } from './autosave'

const views = new Set<() => Autosave[]>()

/** Registers a view's documents (read at each call); the returned function unregisters it. */
export function registerOpenDocuments(autosaves: () => Autosave[]): () => void {
  views.add(autosaves)
  return () => views.delete(autosaves)
}

const all = () => [...views].flatMap((v) => v())

/** Saves every open document with unsaved changes, in every view. */
export async function saveOpenDocuments(): Promise<void> {
  await Promise.all(all().map((a) => a.flush()))
}

/** Every open document with unsaved changes, read at once (./autosave.ts `unsaved`). */
export function unsavedDocuments(): Array<{ path: string; options: Partial<Contents.IModel> }> {
  return all().flatMap((a) => a.unsaved() ?? [])
}

/**
 * For a change that replaces the views' content (the upstream Update): stops autosave, so a late
 * save of the old content cannot land after the change, and saves what is unsaved now. The
 * returned function starts autosave again, for when the change fails.
 */
export async function saveAndHoldOpenDocuments(): Promise<() => void> {
  const held = all()
  for (const a of held) a.pause()
  await Promise.all(held.map((a) => a.flush()))
  return () => {
    for (const a of held) a.resume()
  }
}
