import { useEffect, useState } from 'preact/hooks'
import type { RepoRecord } from '../repo'
import { openQuireDb } from '../store'

/**
 * The stored record of how this launch's ref was last opened (stale or not, Git LFS pointers).
 * The launch worker writes it before it answers, so reading it once the launch is ready is current;
 * its background upstream check may mark it stale later, so a new `version` reads it again.
 */
export function useRepoRecord(key: string, sha: string | undefined, version?: unknown): RepoRecord | undefined {
  const [rec, setRec] = useState<RepoRecord | undefined>(undefined)
  useEffect(() => {
    if (!sha) return
    let isCurrent = true
    openQuireDb()
      .then((db) => db.get('repos', key))
      .then((r) => isCurrent && setRec(r?.sha === sha ? r : undefined))
      // Only the notices depend on it; the notebook opens regardless.
      .catch(() => undefined)
    return () => {
      isCurrent = false
    }
  }, [key, sha, version])
  return rec
}
