// The launch's milestones as User Timing marks (`quire:<name>`), on the page's clock: the benchmark
// reads them to say where a launch's time went (issue 18), and a developer sees them in a trace.
export const MARK_PREFIX = 'quire:'

/** Marks `name` now; where the page has no User Timing (Node tests without it), nothing happens. */
export function mark(name: string): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return
  performance.mark(`${MARK_PREFIX}${name}`)
}
