import type { DocumentRegistry } from '@jupyterlab/docregistry'
import type { Contents } from '@jupyterlab/services'

/** One document's autosave, driven from outside when the view is about to be replaced. */
export interface Autosave {
  /** Saves now if anything is unsaved, after any save in flight: resolves once it is stored. */
  flush(): Promise<void>
  /** Stops saving (the view's content is about to be replaced) until `resume`. */
  pause(): void
  resume(): void
  /**
   * Runs `load` (the context's revert: the file's content replaces the model's) as a load, not an
   * edit: the content it fills in is not saved back, and nothing unsaved before it is saved after
   * it (flush first to keep that). A save in flight ends first.
   */
  reload(load: () => Promise<void>): Promise<void>
  /**
   * What a save would store now, read at once (no await): the path and the contents model JupyterLab's own
   * save hands the drive. Undefined when nothing is unsaved. For a page that goes (src/session/rescue.ts).
   */
  unsaved(): { path: string; options: Partial<Contents.IModel> } | undefined
}

/**
 * Saves a document `delay` ms after it changes; replaces JupyterLab's autosave, which stretches
 * its interval to ten times the last save's duration (half a minute on a busy machine). The
 * context also marks the model clean when any save ends, so a change made while a save was in
 * flight (a key typed, an output arriving) would never be saved: such a save is followed by
 * another. Edits must reach the overlay within about a second whatever the load.
 */
export function autosave(context: DocumentRegistry.Context, delay = 700): Autosave {
  let timer: ReturnType<typeof setTimeout> | undefined
  let isSaving = false
  let hasChangedWhileSaving = false
  let isPaused = false
  // Settles when the save in flight ends, so flush() never returns before a write it raced.
  let saved: Promise<void> = Promise.resolve()
  let endSave = () => {}
  // Changes since the last save began, kept here rather than read from `model.dirty`: that flag
  // lives in the Yjs document, which tabs of one repository share (./tabs/docSync.ts), so another
  // tab's save clears it for changes this tab has not saved yet.
  let isPending = false
  // Filling the model from the file (or from another tab) is no change to save.
  let isLoaded = false
  void context.ready.then(() => (isLoaded = true))
  const save = () => {
    if (context.isDisposed || !(isPending || context.model.dirty)) return Promise.resolve()
    isPending = false
    return context.save()
  }
  const schedule = () => {
    if (isPaused) return
    timer ??= setTimeout(() => {
      timer = undefined
      void save()
    }, delay)
  }
  const onChange = () => {
    if (!isLoaded) return
    isPending = true
    if (isSaving) hasChangedWhileSaving = true
    else schedule()
  }
  context.model.contentChanged.connect(onChange)
  // Cell edits and outputs reach the shared model; a change of its state alone (dirty) is no edit.
  context.model.sharedModel.changed.connect((_, change: object) => {
    if (Object.keys(change).some((k) => k !== 'stateChange')) onChange()
  })
  context.model.stateChanged.connect((_, change) => {
    if (change.name === 'dirty' && change.newValue === true) schedule()
  })
  context.saveState.connect((_, state) => {
    if (state === 'started') {
      isSaving = true
      hasChangedWhileSaving = false
      saved = new Promise((resolve) => {
        endSave = resolve
      })
      return
    }
    isSaving = false
    endSave()
    if (hasChangedWhileSaving && !context.isDisposed) {
      isPending = true
      context.model.dirty = true
      schedule()
    }
  })
  context.disposed.connect(() => clearTimeout(timer))
  return {
    unsaved() {
      // A save in flight counts: it has not landed, and a page that goes may end it (src/session/rescue.ts).
      if (context.isDisposed || !isLoaded || !(isPending || isSaving || context.model.dirty)) return undefined
      // As JupyterLab's context saves: a notebook's JSON, any other document's text.
      const type = context.contentsModel?.type ?? 'file'
      const format = context.contentsModel?.format ?? 'text'
      const content = type === 'notebook' ? context.model.toJSON() : context.model.toString()
      return { path: context.path, options: { type, format, content } }
    },
    async flush() {
      clearTimeout(timer)
      timer = undefined
      await saved
      await save()
    },
    pause() {
      isPaused = true
      clearTimeout(timer)
      timer = undefined
    },
    resume() {
      isPaused = false
      if (!context.isDisposed && (isPending || context.model.dirty)) schedule()
    },
    async reload(load) {
      this.pause()
      await saved
      isLoaded = false
      try {
        await load()
      } finally {
        // A reverted file saved back would be an overlay record of the repository's own content.
        isPending = false
        if (!context.isDisposed) context.model.dirty = false
        isLoaded = true
        this.resume()
      }
    },
  }
}
