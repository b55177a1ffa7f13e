import * as Y from 'yjs'
import type { TabChannel, TabMessage } from './channel'

/** Web Locks, cut to what the sync needs (tests pass an in-memory version). */
export interface DocLocks {
  /** Runs `fn` while no other tab runs it under `name`. */
  exclusive(name: string, fn: () => Promise<void>): Promise<void>
  /** Holds `name` in shared mode until the returned function is called. */
  holdShared(name: string): Promise<() => void>
  /** Whether any tab holds `name`. */
  isHeld(name: string): Promise<boolean>
}

/** `navigator.locks`: held locks go with their tab, so a crashed tab never blocks the others. */
export function webLocks(locks: LockManager): DocLocks {
  return {
    exclusive: async (name, fn) => {
      await locks.request(name, fn)
    },
    holdShared: (name) =>
      new Promise((held) => {
        void locks.request(name, { mode: 'shared' }, () => new Promise<void>((release) => held(() => release())))
      }),
    isHeld: async (name) => ((await locks.query()).held ?? []).some((l) => l.name === name),
  }
}

/** Marks updates that came from another tab, so they are not sent back. */
const REMOTE = Symbol('remote tab')

interface Attached {
  doc: Y.Doc
  /** Set once the document has its content (from the file or from a peer): then it answers joiners. */
  isLoaded: boolean
  peers: Set<string>
  release?: () => void
  gotState?: () => void
  stop: () => void
}

export interface DocSync {
  /** Starts sharing `doc` (a JupyterLab shared model's Y.Doc) under `path`, before it has content. */
  attach(path: string, doc: Y.Doc): void
  /**
   * Called when the document is about to be loaded: true when another tab holds it open and its
   * state is now in the Y.Doc (the caller must then not load the file over it). Loads of one path
   * are serialized across tabs, so two tabs never both fill a document from the file and double it.
   */
  join(path: string): Promise<boolean>
  /** Whether `tab` holds `path` open and linked to this tab's copy (its saves are this document's). */
  isLinked(path: string, tab: string): boolean
  /** Whether `path` is shared here. */
  has(path: string): boolean
  /** Stops sharing (the document closed); `doc` when its path may have changed since. */
  detach(path: string | Y.Doc): void
  rename(from: string, to: string): void
  dispose(): void
}

/**
 * Keeps a document open in several tabs of one repository one Yjs document, as collaborative
 * JupyterLab does between users (y-protocols' sync: state vectors, then incremental updates).
 * Edits to different cells merge and edits to one cell converge, whichever tab saves.
 */
export function createDocSync(
  channel: TabChannel,
  locks: DocLocks,
  tabId: string,
  opts: { lockPrefix: string; peerWaitMs?: number },
): DocSync {
  const docs = new Map<string, Attached>()
  const lockName = (kind: string, path: string) => `${opts.lockPrefix}:${kind}:${path}`
  const post = (m: TabMessage) => channel.postMessage(m)

  const onMessage = ({ data: m }: MessageEvent<TabMessage>) => {
    if (m.from === tabId || m.kind === 'file') return
    const a = docs.get(m.path)
    if (!a) return
    if (m.kind === 'doc-bye') {
      a.peers.delete(m.from)
      return
    }
    if ((m.kind === 'doc-state' || m.kind === 'doc-diff') && m.to !== tabId) return
    a.peers.add(m.from)
    switch (m.kind) {
      case 'doc-want':
        if (a.isLoaded)
          post({
            kind: 'doc-state',
            from: tabId,
            to: m.from,
            path: m.path,
            update: Y.encodeStateAsUpdate(a.doc, m.sv),
            sv: Y.encodeStateVector(a.doc),
          })
        return
      case 'doc-state':
        Y.applyUpdate(a.doc, m.update, REMOTE)
        post({ kind: 'doc-diff', from: tabId, to: m.from, path: m.path, update: Y.encodeStateAsUpdate(a.doc, m.sv) })
        a.gotState?.()
        return
      case 'doc-diff':
      case 'doc-update':
        Y.applyUpdate(a.doc, m.update, REMOTE)
        return
    }
  }
  channel.addEventListener('message', onMessage)

  const pathOf = (a: Attached) => [...docs].find(([, b]) => b === a)?.[0]

  return {
    attach(path, doc) {
      const onUpdate = (update: Uint8Array, origin: unknown) => {
        const p = pathOf(a)
        if (origin !== REMOTE && p !== undefined) post({ kind: 'doc-update', from: tabId, path: p, update })
      }
      const a: Attached = { doc, isLoaded: false, peers: new Set(), stop: () => doc.off('update', onUpdate) }
      doc.on('update', onUpdate)
      docs.set(path, a)
    },
    async join(path) {
      const a = docs.get(path)
      if (!a || a.isLoaded) return false
      let fromPeer = false
      let loaded: () => void = () => {}
      const done = new Promise<void>((resolve) => (loaded = resolve))
      // The load lock is held until the caller has filled the document from the file (the
      // microtasks after this resolves), so a tab that joins next finds it complete.
      void locks.exclusive(lockName('load', path), async () => {
        if (await locks.isHeld(lockName('open', path))) {
          const got = new Promise<boolean>((resolve) => {
            a.gotState = () => resolve(true)
            setTimeout(() => resolve(false), opts.peerWaitMs ?? 10_000)
          })
          post({ kind: 'doc-want', from: tabId, path, sv: Y.encodeStateVector(a.doc) })
          fromPeer = await got
          a.gotState = undefined
          // A tab that holds it open and does not answer (busy for ten seconds): the file it saved is read.
          if (!fromPeer) console.warn(`quire: no tab answered for ${path}; it opens from its last save`)
        }
        a.release = await locks.holdShared(lockName('open', path))
        a.isLoaded = true
        loaded()
        await new Promise((r) => setTimeout(r, 0))
      })
      await done
      return fromPeer
    },
    isLinked: (path, tab) => docs.get(path)?.peers.has(tab) ?? false,
    has: (path) => docs.has(path),
    detach(pathOrDoc) {
      const path = typeof pathOrDoc === 'string' ? pathOrDoc : [...docs].find(([, b]) => b.doc === pathOrDoc)?.[0]
      const a = path === undefined ? undefined : docs.get(path)
      if (!a || path === undefined) return
      a.stop()
      a.release?.()
      docs.delete(path)
      post({ kind: 'doc-bye', from: tabId, path })
    },
    rename(from, to) {
      const a = docs.get(from)
      if (!a) return
      post({ kind: 'doc-bye', from: tabId, path: from })
      docs.delete(from)
      docs.set(to, a)
      a.peers.clear()
      // Updates another tab sent under the new name before this tab moved its copy there were not
      // applied: a state-vector exchange with whoever holds it brings them (and links the two again).
      post({ kind: 'doc-want', from: tabId, path: to, sv: Y.encodeStateVector(a.doc) })
    },
    dispose() {
      for (const path of [...docs.keys()]) this.detach(path)
      channel.removeEventListener('message', onMessage)
    },
  }
}
