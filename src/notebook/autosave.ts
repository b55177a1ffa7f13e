import type { DocumentRegistry } from '@jupyterlab/docregistry'

/**
 * Saves a document `delay` ms after it changes; replaces JupyterLab's autosave, which stretches
 * its interval to ten times the last save's duration (half a minute on a busy machine). The
 * context also marks the model clean when any save ends, so a change made while a save was in
 * flight (a key typed, an output arriving) would never be saved: such a save is followed by
 * another. Edits must reach the overlay within about a second whatever the load.
 */
export function autosave(context: DocumentRegistry.Context, delay = 700): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let isSaving = false
  let hasChangedWhileSaving = false
  const schedule = () => {
    timer ??= setTimeout(() => {
      timer = undefined
      if (!context.isDisposed && context.model.dirty) void context.save()
    }, delay)
  }
  const onChange = () => {
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
      return
    }
    isSaving = false
    if (hasChangedWhileSaving && !context.isDisposed) {
      context.model.dirty = true
      schedule()
    }
  })
  context.disposed.connect(() => clearTimeout(timer))
}
