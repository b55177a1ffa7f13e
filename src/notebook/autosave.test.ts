// autosave's timing against a stand-in document context: lumino signals, and a save that takes
// as long as the test says (JupyterLab's context emits saveState 'started' then 'completed').
import { Signal } from '@lumino/signaling'
import { describe, expect, it, vi } from 'vitest'
import type { DocumentRegistry } from '@jupyterlab/docregistry'
import { autosave } from './autosave'

function fakeContext() {
  const owner = {}
  const saves: string[] = []
  let finish: (() => void) | undefined
  const ctx = {
    isDisposed: false,
    path: 'a.py',
    contentsModel: { type: 'file', format: 'text' },
    ready: Promise.resolve(),
    model: {
      dirty: false,
      text: 'v0',
      toString: () => ctx.model.text,
      contentChanged: new Signal(owner),
      sharedModel: { changed: new Signal(owner) },
      stateChanged: new Signal(owner),
    },
    saveState: new Signal<object, string>(owner),
    disposed: new Signal(owner),
    save: vi.fn(async () => {
      ctx.saveState.emit('started')
      const text = ctx.model.text
      await new Promise<void>((resolve) => {
        finish = resolve
      })
      saves.push(text)
      ctx.model.dirty = false
      ctx.saveState.emit('completed')
    }),
  }
  const edit = (text: string) => {
    ctx.model.text = text
    ctx.model.dirty = true
    ctx.model.contentChanged.emit(undefined)
  }
  return { ctx, saves, edit, finishSave: () => finish?.(), asContext: ctx as unknown as DocumentRegistry.Context }
}

describe('autosave', () => {
  it('saves after the delay; flush saves at once and waits for a save already in flight', async () => {
    vi.useFakeTimers()
    try {
      const f = fakeContext()
      const a = autosave(f.asContext, 700)
      await vi.advanceTimersByTimeAsync(0) // the document loaded: changes from now on are the user's
      f.edit('v1')
      expect(f.ctx.save).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(700)
      expect(f.ctx.save).toHaveBeenCalledTimes(1)
      // A keystroke while that save is in flight: flush waits for it, then saves the keystroke too.
      f.edit('v2')
      const flushed = a.flush()
      let isDone = false
      void flushed.then(() => {
        isDone = true
      })
      await vi.advanceTimersByTimeAsync(0)
      expect(isDone).toBe(false)
      f.finishSave()
      await vi.advanceTimersByTimeAsync(0)
      f.finishSave()
      await flushed
      expect(f.saves).toEqual(['v1', 'v2'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('tells what a save would store now: unsaved edits, and a save still in flight, until it lands', async () => {
    vi.useFakeTimers()
    try {
      const f = fakeContext()
      const a = autosave(f.asContext, 700)
      await vi.advanceTimersByTimeAsync(0)
      expect(a.unsaved()).toBeUndefined()
      f.edit('typed')
      const typed = { path: 'a.py', options: { type: 'file', format: 'text', content: 'typed' } }
      expect(a.unsaved()).toEqual(typed)
      await vi.advanceTimersByTimeAsync(700)
      expect(f.ctx.save).toHaveBeenCalledTimes(1)
      // In flight, and another tab's save cleared the shared dirty flag: still not stored by this one.
      f.ctx.model.dirty = false
      expect(a.unsaved()).toEqual(typed)
      f.finishSave()
      await vi.advanceTimersByTimeAsync(0)
      expect(f.saves).toEqual(['typed'])
      expect(a.unsaved()).toBeUndefined()
    } finally {
      vi.useRealTimers()
    }
  })

  it("saves a change even when another tab's save cleared the shared dirty flag meanwhile", async () => {
    vi.useFakeTimers()
    try {
      const f = fakeContext()
      autosave(f.asContext, 700)
      await vi.advanceTimersByTimeAsync(0)
      f.edit('typed here')
      // The Yjs document's state (dirty) is shared: the other tab saved and set it false.
      f.ctx.model.dirty = false
      await vi.advanceTimersByTimeAsync(700)
      expect(f.ctx.save).toHaveBeenCalledTimes(1)
      f.finishSave()
      await vi.advanceTimersByTimeAsync(0)
      expect(f.saves).toEqual(['typed here'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('paused, a change schedules no save until resumed; flush still saves', async () => {
    vi.useFakeTimers()
    try {
      const f = fakeContext()
      const a = autosave(f.asContext, 700)
      await vi.advanceTimersByTimeAsync(0)
      a.pause()
      f.edit('late')
      await vi.advanceTimersByTimeAsync(5000)
      expect(f.ctx.save).not.toHaveBeenCalled()
      a.resume()
      await vi.advanceTimersByTimeAsync(700)
      expect(f.ctx.save).toHaveBeenCalledTimes(1)
      f.finishSave()
      await vi.advanceTimersByTimeAsync(0)
      expect(f.saves).toEqual(['late'])
    } finally {
      vi.useRealTimers()
    }
  })

  it("a reload's content is not saved back; an edit after it is", async () => {
    vi.useFakeTimers()
    try {
      const f = fakeContext()
      const a = autosave(f.asContext, 700)
      await vi.advanceTimersByTimeAsync(0)
      // The revert fills the model from the file: the model changes and turns dirty, as JupyterLab's does.
      await a.reload(async () => f.edit('from the repository'))
      await vi.advanceTimersByTimeAsync(5000)
      expect(f.ctx.save).not.toHaveBeenCalled()
      f.edit('typed after')
      await vi.advanceTimersByTimeAsync(700)
      f.finishSave()
      await vi.advanceTimersByTimeAsync(0)
      expect(f.saves).toEqual(['typed after'])
    } finally {
      vi.useRealTimers()
    }
  })
})
