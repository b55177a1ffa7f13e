import { Dialog, showDialog } from '@jupyterlab/apputils'
import type { ConflictData, EditStore, NotebookView, Workspace } from '../notebook'
import {
  broadcastingStore,
  createDocSync,
  listenForFiles,
  memoryLocks,
  newTabId,
  tabChannelName,
  overlayChannelName,
  webLocks,
  type DocSync,
  type TabChannel,
  type TabMessage,
} from '../notebook/tabs'

type FileMessage = Extract<TabMessage, { kind: 'file' }>

/** The repository's other tabs, as this tab's session sees them. */
export interface OtherTabs {
  /** This tab's id, written with its saves. */
  tabId: string
  docs: DocSync
  /** The edit store, telling the other tabs about each write. */
  store(store: EditStore): EditStore
  /**
   * From now on, writes of other tabs reach `ws` and the open documents of `view`; a file another
   * tab renamed moves its open documents here with `moveOpen` (RepoDrive.followRename).
   */
  follow(ws: Workspace, view: NotebookView, moveOpen: (from: string, to: string) => void): void
  dispose(): void
}

/**
 * Joins this tab to the others of the same repository: a BroadcastChannel for the overlay's writes
 * (per repository) and one for the Yjs sync of open documents (per commit; src/notebook/tabs). Writes heard before the
 * view exists wait, so none falls between the overlay's load and `follow`.
 */
export function connectTabs(repoKey: string, sha: string): OtherTabs {
  const name = tabChannelName(repoKey, sha)
  const channel = new BroadcastChannel(name) as TabChannel
  const overlay = new BroadcastChannel(overlayChannelName(repoKey)) as TabChannel
  const tabId = newTabId()
  const locks = globalThis.navigator?.locks ? webLocks(navigator.locks) : memoryLocks()
  const docs = createDocSync(channel, locks, tabId, { lockPrefix: name })
  let handle: ((m: FileMessage) => Promise<void>) | undefined
  const waiting: FileMessage[] = []
  // One at a time per path, in the order they were stored: a question about one file holds that
  // file's later writes, not the others'.
  const queues = new Map<string, Promise<void>>()
  const enqueue = (m: FileMessage) =>
    queues.set(
      m.path,
      (queues.get(m.path) ?? Promise.resolve())
        .then(() => handle?.(m))
        .catch((e: unknown) => console.error('quire: a write from another tab', e)),
    )
  const stop = listenForFiles(overlay, tabId, (m) => {
    if (!handle) waiting.push(m)
    else enqueue(m)
  })
  return {
    tabId,
    docs,
    store: (s) => broadcastingStore(s, overlay, tabId),
    follow(ws, view, moveOpen) {
      const questions = new Map<string, Promise<boolean>>()
      // One question per file at a time: a write heard while its document is unsaved and that
      // document's save meeting the same write are one conflict, answered once.
      const askOnce = (path: string, question: () => Promise<boolean>) => {
        const asked = questions.get(path) ?? question().finally(() => questions.delete(path))
        questions.set(path, asked)
        return asked
      }
      handle = (m) => followWrite(ws, view, docs, m, askOnce, moveOpen)
      ws.onConflict((c) => resolveConflict(view, docs, c, askOnce))
      for (const m of waiting.splice(0)) enqueue(m)
    },
    dispose() {
      handle = undefined
      stop()
      docs.dispose()
      channel.close()
      overlay.close()
    },
  }
}

type AskOnce = (path: string, question: () => Promise<boolean>) => Promise<boolean>

const nameOf = (path: string) => path.split('/').pop() ?? path

/** Asks whether to keep this tab's copy over another tab's deletion (true) or close it. */
const askDeleted = (path: string) =>
  ask(
    `${nameOf(path)} was deleted in another tab`,
    `It is open here. Keep your copy (it is saved again under its name) or close it?`,
    'Keep my copy',
    'Close it',
  )
/** Asks whether to keep this tab's unsaved copy over another tab's version (true) or take theirs. */
const askChanged = (path: string) =>
  ask(
    `${nameOf(path)} was changed in another tab`,
    'This tab has changes the other tab never saw. Keep yours (saved over the other tab’s, which stays in History) ' +
      'or take the other tab’s version?',
    'Keep mine',
    'Take theirs',
  )

/**
 * A document's save met another tab's newer write it never saw (Workspace.saveDocument). A
 * document linked to that tab's (one Yjs document) already holds its change: the save goes on.
 * Otherwise the user chooses; taking theirs reloads the document once this save has ended.
 */
async function resolveConflict(
  view: NotebookView,
  docs: DocSync,
  c: ConflictData,
  askOnce: AskOnce,
): Promise<'mine' | 'theirs'> {
  if (c.tab !== undefined && docs.isLinked(c.path, c.tab)) return 'mine'
  const isGone = c.entry.deleted === true
  const keep = await askOnce(c.path, () => (isGone ? askDeleted(c.path) : askChanged(c.path)))
  if (keep) return 'mine'
  // After the save in flight returns (autosave's reload waits for it; a close must not cut it).
  setTimeout(() => void (isGone ? view.close(c.path) : view.discard(c.path)), 0)
  return 'theirs'
}

/**
 * One write another tab stored. A document open here and linked to that tab's (one Yjs document)
 * already has the change. Otherwise an open document is reloaded when it has nothing unsaved; with
 * unsaved edits, or when the file was deleted, the user is asked: nothing is overwritten silently.
 */
async function followWrite(
  ws: Workspace,
  view: NotebookView,
  docs: DocSync,
  m: FileMessage,
  askOnce: AskOnce,
  moveOpen: (from: string, to: string) => void,
): Promise<void> {
  // Older than what this view shows (its own later save was stored after it): nothing to follow.
  if (m.rev !== undefined && m.rev <= ws.revOf(m.path)) return
  const isOpen = view.openPaths().includes(m.path)
  // Renamed, not deleted: an open copy here moves to the new name with what it holds, unsaved edits
  // included (its next save goes there, checked like any other).
  if (isOpen && m.movedTo !== undefined && ws.has(m.movedTo)) {
    ws.followMove(m.path, m.movedTo, m.entry, m.rev)
    moveOpen(m.path, m.movedTo)
    return
  }
  if (!isOpen || docs.isLinked(m.path, m.from)) {
    ws.applyRemote(m.path, m.entry, m.rev)
    return
  }
  const isGone = m.entry?.deleted === true || (m.entry === null && !ws.isCommitFile(m.path))
  if (!isGone && !view.isDirty(m.path)) {
    ws.applyRemote(m.path, m.entry, m.rev)
    await view.discard(m.path)
    return
  }
  const keep = await askOnce(m.path, () => (isGone ? askDeleted(m.path) : askChanged(m.path)))
  if (keep) {
    // Kept: this tab's save comes after the other's in store order, so every tab takes it.
    if (m.rev !== undefined) ws.seen(m.path, m.rev)
    return view.saveAgain(m.path)
  }
  ws.applyRemote(m.path, m.entry, m.rev)
  await (isGone ? view.close(m.path) : view.discard(m.path))
}

async function ask(title: string, body: string, yes: string, no: string): Promise<boolean> {
  const result = await showDialog({
    title,
    body,
    buttons: [Dialog.cancelButton({ label: no }), Dialog.okButton({ label: yes })],
    hasClose: false,
  })
  return result.button.accept
}
