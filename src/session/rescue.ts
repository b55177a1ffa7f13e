// Edits typed in the last moments before the page goes (autosave waits 0.7 s: src/notebook/autosave.ts) must
// not be lost. A save started in `pagehide` cannot be trusted to land: Chromium aborts the page's IndexedDB
// transactions when the document unloads (measured: a blind put with an explicit commit in `pagehide` was
// kept 1 time in 5; Quire's save, which reads before it writes, never), and WebKit may drop a page from its
// back/forward cache without showing it again. localStorage is written at once and survives the unload
// (measured: 5 of 5, 200 kB). So `pagehide` also keeps each unsaved document there; the next launch of the
// repository stores it through the ordinary save (the version it replaces goes to the history) and forgets it.

/** The part of localStorage used here (injected: tests pass a Map-backed one). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>

const PREFIX = 'quire:rescue:'
const keyOf = (repoKey: string, path: string) => `${PREFIX}${JSON.stringify([repoKey, path])}`

/** Keeps `content` of `path`; false when localStorage refused it (full, or blocked). */
export function keepRescue(store: KeyValueStore, repoKey: string, path: string, content: string): boolean {
  try {
    store.setItem(keyOf(repoKey, path), content)
    return true
  } catch (e) {
    console.warn(`quire: the unsaved edit of ${path} could not be kept as the page went`, e)
    return false
  }
}

/** The documents kept for `repoKey`, oldest key order. */
export function rescuesOf(store: KeyValueStore, repoKey: string): Array<{ path: string; content: string }> {
  const found: Array<{ path: string; content: string }> = []
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i)
    if (!key?.startsWith(PREFIX)) continue
    const [repo, path] = parseKey(key)
    const content = store.getItem(key)
    if (repo === repoKey && path !== undefined && content !== null) found.push({ path, content })
  }
  return found
}

export function forgetRescue(store: KeyValueStore, repoKey: string, path: string): void {
  store.removeItem(keyOf(repoKey, path))
}

/** Forgets the kept edits of `repoKey`, or of every repository (the storage page's deletions). */
export function forgetRescues(store: KeyValueStore, repoKey?: string): void {
  const keys: string[] = []
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i)
    if (key?.startsWith(PREFIX) && (repoKey === undefined || parseKey(key)[0] === repoKey)) keys.push(key)
  }
  for (const key of keys) store.removeItem(key)
}

function parseKey(key: string): [string | undefined, string | undefined] {
  try {
    const v: unknown = JSON.parse(key.slice(PREFIX.length))
    return Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string'
      ? [v[0], v[1]]
      : [undefined, undefined]
  } catch {
    return [undefined, undefined]
  }
}

/** What the rescue needs of the workspace (src/notebook/workspace.ts). */
export interface RescueTarget {
  text(path: string): string | undefined
  saveDocument(path: string, content: string): Promise<void>
}

/**
 * Stores the edits a page of `repoKey` kept as it went, each through the ordinary save, then forgets them.
 * One whose content is stored already (that page's own save landed after all) is only forgotten. One that
 * cannot be stored (no room) stays kept for the next launch, and the error is the caller's.
 */
export async function restoreRescues(store: KeyValueStore, repoKey: string, ws: RescueTarget): Promise<string[]> {
  const restored: string[] = []
  for (const { path, content } of rescuesOf(store, repoKey)) {
    if (ws.text(path) !== content) {
      await ws.saveDocument(path, content)
      restored.push(path)
    }
    forgetRescue(store, repoKey, path)
  }
  return restored
}

/**
 * Keeps every unsaved document of the page in `store` at `pagehide` (`unsaved` reads them at once), and when
 * the page comes back from the back/forward cache forgets those its saves have stored since.
 */
export function rescueOnLeave(
  target: EventTarget,
  store: KeyValueStore,
  repoKey: string,
  unsaved: () => Array<{ path: string; content: string }>,
  flush: () => Promise<void>,
  ws: Pick<RescueTarget, 'text'>,
): () => void {
  let kept: string[] = []
  const onHide = () => {
    kept = unsaved().flatMap(({ path, content }) => (keepRescue(store, repoKey, path, content) ? [path] : []))
  }
  const onShow = (ev: Event) => {
    if (Reflect.get(ev, 'persisted') !== true || kept.length === 0) return
    const paths = kept
    kept = []
    void flush()
      .catch(() => {})
      .then(() => {
        for (const path of paths)
          if (rescuesOf(store, repoKey).some((r) => r.path === path && r.content === ws.text(path)))
            forgetRescue(store, repoKey, path)
      })
  }
  target.addEventListener('pagehide', onHide)
  target.addEventListener('pageshow', onShow)
  return () => {
    target.removeEventListener('pagehide', onHide)
    target.removeEventListener('pageshow', onShow)
  }
}
