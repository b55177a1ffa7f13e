// The back/forward cache: WebKit and Firefox keep a page the user navigates away from frozen, with
// its workers, to show it again on Back. Measured in WebKitGTK 2.50 (issue 23): the demo's kernel,
// frozen there while it made its snapshot, kept the next page's kernel from ever finishing its
// start ("opening the files"); with the old page's kernel frames removed first, it starts. So a
// page entering that cache ends its kernels, and a page shown again from it reloads: its kernels
// are gone, and a reload reopens the notebook from storage (edits, snapshot) like any reopen.

/** What ends with the page: a kernel worker (FramedWorker.terminate removes its frame). */
export interface Ending {
  terminate(): void
}

/** The page's pagehide/pageshow events (window in the app, a plain EventTarget in tests). */
export type PageEvents = Pick<EventTarget, 'addEventListener'>

export interface PageCache {
  /** Ends `worker` when the page enters the back/forward cache, unless it ended before. */
  track<W extends Ending>(worker: W): W
}

const isPersisted = (e: Event) => 'persisted' in e && e.persisted === true

export function watchPageCache(page: PageEvents, reload: () => void): PageCache {
  const live = new Set<Ending>()
  page.addEventListener('pagehide', (e) => {
    if (!isPersisted(e)) return
    for (const w of live) w.terminate()
    live.clear()
  })
  page.addEventListener('pageshow', (e) => {
    if (isPersisted(e)) reload()
  })
  return {
    track(worker) {
      live.add(worker)
      const terminate = worker.terminate.bind(worker)
      worker.terminate = () => {
        live.delete(worker)
        terminate()
      }
      return worker
    },
  }
}
