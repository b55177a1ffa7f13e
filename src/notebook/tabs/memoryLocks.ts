import type { DocLocks } from './docSync'

/** Web Locks for one process (tests, and a page without `navigator.locks`): the same queueing rules. */
export function memoryLocks(): DocLocks {
  const queues = new Map<string, Promise<void>>()
  const shared = new Map<string, number>()
  return {
    async exclusive(name, fn) {
      const run = (queues.get(name) ?? Promise.resolve()).then(fn)
      queues.set(
        name,
        run.catch(() => {}),
      )
      await run
    },
    async holdShared(name) {
      shared.set(name, (shared.get(name) ?? 0) + 1)
      let isHeld = true
      return () => {
        if (isHeld) shared.set(name, (shared.get(name) ?? 1) - 1)
        isHeld = false
      }
    },
    isHeld: async (name) => (shared.get(name) ?? 0) > 0,
  }
}
