import type { EditEntry, EditStore } from '../workspace'
import type { TabChannel, TabMessage } from './channel'

/**
 * The edit store, telling the repository's other tabs about each write once it is stored, so
 * their workspaces (file panel, marks, kernel, open documents) follow at once instead of saving
 * their stale copy over it later.
 */
export function broadcastingStore(store: EditStore, channel: TabChannel, tabId: string): EditStore {
  const tell = (path: string, entry: EditEntry | null, rev: number | void, movedTo?: string) => {
    channel.postMessage({
      kind: 'file',
      from: tabId,
      path,
      entry,
      ...(typeof rev === 'number' ? { rev } : {}),
      ...(movedTo === undefined ? {} : { movedTo }),
    })
    return rev
  }
  return {
    list: () => store.list(),
    async put(path, content, base) {
      const rev = await store.put(path, content, base)
      return tell(path, typeof content === 'string' ? { path, content } : { path, bytes: content }, rev)
    },
    async markDeleted(path, movedTo) {
      return tell(path, { path, deleted: true }, await store.markDeleted(path), movedTo)
    },
    async forget(path, movedTo) {
      return tell(path, null, await store.forget(path), movedTo)
    },
  }
}

/** Calls `onFile` for each write another tab stored; returns the unsubscribe. */
export function listenForFiles(
  channel: TabChannel,
  tabId: string,
  onFile: (m: Extract<TabMessage, { kind: 'file' }>) => void,
): () => void {
  const listener = ({ data }: MessageEvent<TabMessage>) => {
    if (data.kind === 'file' && data.from !== tabId) onFile(data)
  }
  channel.addEventListener('message', listener)
  return () => channel.removeEventListener('message', listener)
}
