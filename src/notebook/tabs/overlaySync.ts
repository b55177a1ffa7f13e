import type { EditEntry, EditStore } from '../workspace'
import type { TabChannel, TabMessage } from './channel'

/**
 * The edit store, telling the repository's other tabs about each write once it is stored, so
 * their workspaces (file panel, marks, kernel, open documents) follow at once instead of saving
 * their stale copy over it later.
 */
export function broadcastingStore(store: EditStore, channel: TabChannel, tabId: string): EditStore {
  const tell = (path: string, entry: EditEntry | null) =>
    channel.postMessage({ kind: 'file', from: tabId, path, entry, savedAt: Date.now() })
  return {
    list: () => store.list(),
    async put(path, content) {
      await store.put(path, content)
      tell(path, typeof content === 'string' ? { path, content } : { path, bytes: content })
    },
    async markDeleted(path) {
      await store.markDeleted(path)
      tell(path, { path, deleted: true })
    },
    async forget(path) {
      await store.forget(path)
      tell(path, null)
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
