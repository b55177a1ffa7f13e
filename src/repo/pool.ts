/**
 * Runs `task` over `items` with at most `width` at once. After a failure no new item is started, and the
 * first failure is thrown only once every running task has settled: the caller's clean-up (removing a
 * half-written folder) then cannot be followed by a late write, nor its requests outlive the download.
 */
export async function inPool<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (next < items.length && !failure) {
      try {
        await task(items[next++])
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker))
  if (failure) throw failure.error
}
