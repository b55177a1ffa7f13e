import type { EditEntry } from '../workspace'

/**
 * What the tabs of one repository commit tell each other (one BroadcastChannel, `tabChannelName`).
 * `file`: a save reached the overlay (entry null: the path's edit was forgotten; `movedTo`: the file
 * was renamed, its content already written there). `doc-*`: the Yjs
 * sync of a document open in several tabs, as y-protocols' sync does between a client and a server:
 * a joining tab sends its state vector (`doc-want`), a tab holding the document answers with what
 * the joiner lacks plus its own state vector (`doc-state`), the joiner answers with what the holder
 * lacks (`doc-diff`), then every local change travels as an incremental update (`doc-update`).
 */
export type TabMessage =
  | { kind: 'file'; from: string; path: string; entry: EditEntry | null; rev?: number; movedTo?: string }
  | { kind: 'doc-want'; from: string; path: string; sv: Uint8Array }
  | { kind: 'doc-state'; from: string; to: string; path: string; update: Uint8Array; sv: Uint8Array }
  | { kind: 'doc-diff'; from: string; to: string; path: string; update: Uint8Array }
  | { kind: 'doc-update'; from: string; path: string; update: Uint8Array }
  | { kind: 'doc-bye'; from: string; path: string }

/** The part of BroadcastChannel the sync uses, so tests can pass Node's or a fake. */
export interface TabChannel {
  postMessage(message: TabMessage): void
  addEventListener(type: 'message', listener: (e: MessageEvent<TabMessage>) => void): void
  removeEventListener(type: 'message', listener: (e: MessageEvent<TabMessage>) => void): void
  close(): void
}

/**
 * Documents are shared per repository commit (a file no one edited differs between commits); the
 * overlay's writes per repository, as the overlay itself is, so a tab that took an upstream Update
 * and one still on the older commit keep hearing each other's saves.
 */
export function tabChannelName(repoKey: string, sha: string): string {
  return `quire-tabs:${repoKey}@${sha}`
}
export function overlayChannelName(repoKey: string): string {
  return `quire-overlay:${repoKey}`
}

/** This tab's id in messages: a message from oneself is never applied. */
export function newTabId(): string {
  return globalThis.crypto.randomUUID()
}
