// A page that goes into the back/forward cache must leave no IndexedDB transaction open. WebKit (2.50, Safari's
// engine) freezes such a page right after `pagehide`: a transaction still open then never ends, since the page
// would have to read its results and commit, and the stores it holds stay locked for every other page of the
// site. Measured: a save of the demo in flight when the next Quire link was opened kept `edits` and `history`
// locked, and that link hung at "opening the files" until the browser closed. An abort, unlike a commit, goes
// to the database at once, while the page can still send it (measured in the same WebKit: the lock is freed).
// So the page aborts its open transactions as it goes into the cache, and a write this interrupted is made
// again when the page is shown (src/store/quota.ts: writeWithEviction); if the browser drops the cached page
// instead, that one write is lost, as a keystroke after the last save would be.

/** The part of an IDBTransaction the guard uses. */
export interface GuardedTransaction {
  abort(): void
  addEventListener(type: 'complete' | 'abort' | 'error', listener: () => void): void
}

export class LeaveGuard {
  private readonly open = new Set<GuardedTransaction>()
  private hidden = false
  // Counts the times the page went into the cache: a write that failed while this changed was cut by it.
  private leaves = 0
  private waiters: Array<() => void> = []

  /** Follows `tx` until it ends; one opened while the page is cached is aborted at once. */
  track(tx: GuardedTransaction): void {
    if (this.hidden) {
      abortQuietly(tx)
      return
    }
    this.open.add(tx)
    const end = () => this.open.delete(tx)
    for (const type of ['complete', 'abort', 'error'] as const) tx.addEventListener(type, end)
  }

  /** The page goes into the back/forward cache: every transaction still open is aborted. Returns how many. */
  hide(): number {
    this.hidden = true
    this.leaves++
    const n = this.open.size
    for (const tx of this.open) abortQuietly(tx)
    this.open.clear()
    return n
  }

  /** The page is shown again: writes the cache cut short go on. */
  show(): void {
    this.hidden = false
    for (const wake of this.waiters.splice(0)) wake()
  }

  /**
   * Runs `write` (one transaction's work), and again once the page is shown when going into the cache aborted
   * it: nothing of it was stored, so running it again is safe. Any other failure is the caller's.
   */
  async run<T>(write: () => Promise<T>): Promise<T> {
    for (;;) {
      if (this.hidden) await new Promise<void>((wake) => this.waiters.push(wake))
      const leaves = this.leaves
      try {
        return await write()
      } catch (e) {
        if (this.leaves === leaves && !this.hidden) throw e
      }
    }
  }
}

function abortQuietly(tx: GuardedTransaction): void {
  try {
    tx.abort()
  } catch {
    // Already finished between its last event and now: nothing is held.
  }
}

/** The page's guard; writes made elsewhere (a worker) are never aborted by it. */
export const pageLeaveGuard = new LeaveGuard()

/**
 * Puts every transaction any code of this window opens under `guard` (Quire's own, and a library's such as
 * LightningFS's), and follows the window into and out of the back/forward cache. Patching the prototype
 * rather than one connection is what makes "no transaction left open" hold for all of them.
 */
export function guardPageTransactions(win: Window & typeof globalThis, guard = pageLeaveGuard): () => void {
  const proto = win.IDBDatabase.prototype
  const original = proto.transaction
  proto.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = original.apply(this, args)
    guard.track(tx)
    return tx
  }
  const onHide = (ev: PageTransitionEvent) => {
    if (!ev.persisted) return
    const n = guard.hide()
    if (n > 0) console.info(`quire: ${n} storage transaction(s) aborted as the page went into the back/forward cache`)
  }
  const onShow = (ev: PageTransitionEvent) => {
    if (ev.persisted) guard.show()
  }
  win.addEventListener('pagehide', onHide)
  win.addEventListener('pageshow', onShow)
  return () => {
    proto.transaction = original
    win.removeEventListener('pagehide', onHide)
    win.removeEventListener('pageshow', onShow)
  }
}
