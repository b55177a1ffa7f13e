/** Median and minimum of repeated timings, and their ratio to a baseline from the same run. */
export interface Timing {
  runs: number[]
  median: number
  min: number
}

export function timing(runs: number[]): Timing {
  const sorted = [...runs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { runs, median, min: sorted[0] }
}

/** Runs `fn` once to warm up (discarded), then `n` times. */
export async function measure(n: number, fn: (i: number) => Promise<number>, warmup = true): Promise<Timing> {
  if (warmup) await fn(-1)
  const runs: number[] = []
  for (let i = 0; i < n; i++) runs.push(await fn(i))
  return timing(runs)
}
