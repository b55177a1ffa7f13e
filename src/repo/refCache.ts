import type { RemoteRef } from './remoteRef'
import { isLimitedOrDown } from './routes'
import type { RepoSource } from './source'

/** Where a branch or tag pointed, and when that was asked. */
export interface CachedRef {
  ref: Extract<RemoteRef, { kind: 'ref' }>
  at: number
}

/** Lookups kept for a short while; the browser's is shared by every tab of the site (cacheStorageRefCache). */
export interface RefCache {
  get(key: string): Promise<CachedRef | undefined>
  put(key: string, value: CachedRef): Promise<void>
}

const isCachedRef = (x: unknown): x is CachedRef =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as CachedRef).at === 'number' &&
  typeof (x as CachedRef).ref?.sha === 'string' &&
  typeof (x as CachedRef).ref?.name === 'string'

/**
 * The Cache API as a RefCache: it exists in pages and workers alike and is shared by every tab of
 * the origin, so a class's tabs on one machine ask GitHub once per ref and TTL. No IndexedDB
 * schema change; the entries are a few hundred bytes, and a failure to read or write is a miss.
 */
export function cacheStorageRefCache(caches: CacheStorage, name = 'quire-refs-v1'): RefCache {
  const urlOf = (key: string) => `https://quire.invalid/refs/${encodeURIComponent(key)}`
  return {
    async get(key) {
      try {
        const hit = await (await caches.open(name)).match(urlOf(key))
        const value: unknown = hit ? await hit.json() : undefined
        return isCachedRef(value) ? value : undefined
      } catch {
        return undefined
      }
    },
    async put(key, value) {
      try {
        const body = JSON.stringify(value)
        await (
          await caches.open(name)
        ).put(urlOf(key), new Response(body, { headers: { 'content-type': 'application/json' } }))
      } catch {
        // Private windows may refuse the Cache API: the next launch asks again.
      }
    },
  }
}

/**
 * A source whose branch and tag lookups are reused for `ttlMs` (a full SHA never needs one): 30
 * launches of one link in a minute cost GitHub one call. When every route refuses a lookup (GitHub's
 * limit reached, no answer), an older answer up to `staleMs` is used rather than failing, marked
 * `isPastTtl`: the commit it names is still served by jsDelivr with no per-address limit. `onCached`
 * hears the age of a reused answer, which is how stale the branch may be; the answer carries `askedAt`
 * so the header can say it too. With no such answer, a cache that may lag the forge (jsDelivr's branch cache,
 * `source.lookupLagging`) is asked last; its answer is not kept, since it is not the forge's.
 */
export function withRefCache(
  source: RepoSource,
  o: {
    cache: RefCache
    key: string
    ttlMs: number
    staleMs?: number
    now?: () => number
    onCached?: (ageMs: number, isPastTtl: boolean) => void
  },
): RepoSource {
  const now = o.now ?? Date.now
  const lookupFresh = async (ref: string): Promise<RemoteRef> => {
    const got = await (source.lookupFresh ?? source.lookup).call(source, ref)
    if (got.kind === 'ref') await o.cache.put(`${o.key}@${ref}`, { ref: got, at: now() })
    return got
  }
  return Object.assign(Object.create(source) as RepoSource, {
    async lookup(ref: string): Promise<RemoteRef> {
      const hit = await o.cache.get(`${o.key}@${ref}`)
      if (hit && now() - hit.at < o.ttlMs) {
        o.onCached?.(now() - hit.at, false)
        return { ...hit.ref, askedAt: hit.at }
      }
      try {
        return await lookupFresh(ref)
      } catch (e) {
        // GitHub's limit, or no route answering: an older answer beats none. "Not found" is an answer.
        if (!isLimitedOrDown(e)) throw e
        if (!hit || now() - hit.at >= (o.staleMs ?? 0)) {
          if (source.lookupLagging) return source.lookupLagging(ref)
          throw e
        }
        o.onCached?.(now() - hit.at, true)
        return { ...hit.ref, askedAt: hit.at, isPastTtl: true }
      }
    },
    lookupFresh,
  })
}
