// What a slow launch phase is waiting for, in words: a quiet phase is the network's doing, and
// saying which host and for how long tells a stalled server from a large download.
import type { LaunchPhase, LaunchProgress } from '../prepare/types'
import { formatBytes } from '../shared/bytes'

/** A phase with no new bytes for this long is called slow. */
export const QUIET_MS = 4000

/** "downloading numpy (3.2 of 8.1 MB)" while a file streams. */
export function fileLine(file: NonNullable<LaunchProgress['file']>): string {
  if (!file.total) return `downloading ${file.name} (${formatBytes(file.loaded)})`
  // Both numbers in the total's unit, so "0.4 of 8.1 MB" rather than "400 kB of 8.1 MB".
  const isMb = file.total >= 1 << 20
  const n = (x: number) => (isMb ? (x / (1 << 20)).toFixed(1) : String(Math.round(x / 1024)))
  return `downloading ${file.name} (${n(file.loaded)} of ${n(file.total)} ${isMb ? 'MB' : 'kB'})`
}

/**
 * "waiting for github.com: 12 s, no bytes yet", or "… 6 s since the last bytes", once a phase that
 * talks to `host` has been quiet for QUIET_MS; undefined while it moves or when it has no host.
 */
export function waitingFor(o: {
  phase: LaunchPhase
  host?: string
  last: LaunchProgress
  startedAt: number
  movedAt: number
  now: number
}): string | undefined {
  if (!o.host || o.phase === 'reading-config' || o.phase === 'ready') return undefined
  const quiet = o.now - o.movedAt
  if (quiet < QUIET_MS) return undefined
  const hasBytes = (o.last.bytes ?? 0) > 0 || (o.last.file?.loaded ?? 0) > 0 || (o.last.loaded ?? 0) > 0
  return hasBytes
    ? `waiting for ${o.host}: ${Math.floor(quiet / 1000)} s since the last bytes`
    : `waiting for ${o.host}: ${Math.floor((o.now - o.startedAt) / 1000)} s, no bytes yet`
}

/** The host each network phase talks to: the repository's for fetching, the index's after. */
export function phaseHosts(repoUrl: string, indexUrl: string): Partial<Record<LaunchPhase, string>> {
  const host = (u: string) => {
    try {
      return new URL(u).host || undefined
    } catch {
      return undefined
    }
  }
  return { fetching: host(repoUrl), resolving: host(indexUrl), downloading: host(indexUrl) }
}
