import { Dialog, showDialog } from '@jupyterlab/apputils'
import type { EditStore, NotebookView, Workspace } from '../notebook'
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
  /** From now on, writes of other tabs reach `ws` and the open documents of `view`. */
  follow(ws: Workspace, view: NotebookView): void
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
    follow(ws, view) {
      handle = (m) => followWrite(ws, view, docs, m)
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

/**
 * One write another tab stored. A document open here and linked to that tab's (one Yjs document)
 * already has the change. Otherwise an open document is reloaded when it has nothing unsaved; with
 * unsaved edits, or when the file was deleted, the user is asked: nothing is overwritten silently.
 */
async function followWrite(ws: Workspace, view: NotebookView, docs: DocSync, m: FileMessage): Promise<void> {
  const isOpen = view.openPaths().includes(m.path)
  if (!isOpen || docs.isLinked(m.path, m.from)) {
    ws.applyRemote(m.path, m.entry, m.rev)
    return
  }
  const name = m.path.split('/').pop() ?? m.path
  const isGone = m.entry?.deleted === true || (m.entry === null && !ws.isCommitFile(m.path))
  if (isGone) {
    const keep = await ask(
      `${name} was deleted in another tab`,
      `It is open here. Keep your copy (it is saved again under its name) or close it?`,
      'Keep my copy',
      'Close it',
    )
    // Kept: this tab's save comes after the deletion in store order, so every tab takes it.
    if (keep) return view.saveAgain(m.path)
    ws.applyRemote(m.path, m.entry, m.rev)
    await view.close(m.path)
    return
  }
  if (!view.isDirty(m.path)) {
    ws.applyRemote(m.path, m.entry, m.rev)
    await view.discard(m.path)
    return
  }
  const keepMine = await ask(
    `${name} was changed in another tab`,
    'This tab has changes not saved yet. Keep yours (saved over the other tab’s) or take the other tab’s version?',
    'Keep mine',
    'Take theirs',
  )
  if (keepMine) return view.saveAgain(m.path)
  ws.applyRemote(m.path, m.entry, m.rev)
  await view.discard(m.path)
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
