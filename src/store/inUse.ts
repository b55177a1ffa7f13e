/**
 * Wheel storage for one launch that remembers each sha256 it reads or writes. A wheel the launch
 * reuses may be listed only by an older repository's environment until this launch's environment
 * is written; handing the set to `writeWithEviction` (its `blobs`) keeps eviction from deleting it
 * in between.
 */
export function trackInUse<R extends { sha256: string }>(
  wheels: { get(sha256: string): Promise<R | undefined>; put(rec: R): Promise<void> },
  inUse: Set<string>,
) {
  return {
    get(sha256: string): Promise<R | undefined> {
      inUse.add(sha256)
      return wheels.get(sha256)
    },
    put(rec: R): Promise<void> {
      inUse.add(rec.sha256)
      return wheels.put(rec)
    },
  }
}
