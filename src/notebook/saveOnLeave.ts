// When the page goes, the last keystrokes (autosave waits 0.7 s: ./autosave.ts) are saved, unless the page
// goes into the back/forward cache. There it stays alive, and WebKit (2.50, Safari's engine) freezes it
// right after `pagehide`: a save started in the handler would be stopped between its IndexedDB requests,
// its transaction left open (src/store/leaveGuard.ts aborts the ones in flight as the page goes). A cached
// page keeps its edits in memory and saves them when shown again (`pageshow`, persisted), as autosave would.

/** Listens on `target` (the window); the returned function stops listening. */
export function saveOnLeave(target: EventTarget, save: () => Promise<void>): () => void {
  const onHide = (ev: Event) => {
    if (!isPersisted(ev)) void save()
  }
  const onShow = (ev: Event) => {
    if (isPersisted(ev)) void save()
  }
  target.addEventListener('pagehide', onHide)
  target.addEventListener('pageshow', onShow)
  return () => {
    target.removeEventListener('pagehide', onHide)
    target.removeEventListener('pageshow', onShow)
  }
}

/** PageTransitionEvent.persisted: the page enters (pagehide) or leaves (pageshow) the back/forward cache. */
const isPersisted = (ev: Event) => Reflect.get(ev, 'persisted') === true
