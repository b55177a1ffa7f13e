import type { QuireDatabase } from './db'
import { pageLeaveGuard } from './leaveGuard'
import type { QuotaIo } from './quota'
import { lruEvictor, type CacheFs } from './storageIo'

/**
 * Eviction for writes made on the page (the launch worker has its own): least-recently-used caches
 * from IndexedDB and their LightningFS folders. LightningFS is opened only when space runs out,
 * since one instance per name per page is allowed and the launch worker has ended by then. A write that the
 * page's going into the back/forward cache aborted runs again when it is shown (./leaveGuard.ts).
 */
export function pageQuota(db: QuireDatabase): QuotaIo {
  let fs: Promise<CacheFs> | undefined
  const repoFs = async (): Promise<CacheFs> => {
    const { default: LightningFS } = await import('@isomorphic-git/lightning-fs')
    return new LightningFS('quire-repos')
  }
  return {
    evictOne: async (protect, blobs) => lruEvictor(db, await (fs ??= repoFs()))(protect, blobs),
    leave: pageLeaveGuard,
  }
}
