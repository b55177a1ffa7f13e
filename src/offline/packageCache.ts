/** The service worker's cache of Pyodide's lock packages (public/sw.js keeps the name in step). */
export const PACKAGE_CACHE = 'quire-packages-v1'

/** Where cached responses are looked up: CacheStorage in the page, a fake in tests. */
export interface CacheLookup {
  match(url: string): Promise<Response | undefined>
}

/**
 * Which of `urls` the service worker keeps (readable from the page too), with each one's size in bytes. Any of
 * its caches: packages of a mirror on the site's own origin are kept with the site's files, not in the package
 * cache. The size is the stored body's: `content-length` when the response kept it, else its blob's size.
 */
export async function cachedPackages(
  urls: string[],
  store: CacheLookup | undefined = typeof caches === 'undefined' ? undefined : caches,
): Promise<Map<string, number>> {
  if (!store || urls.length === 0) return new Map()
  const hits = await Promise.all(
    urls.map(async (u): Promise<[string, number] | undefined> => {
      const res = await store.match(u)
      if (!res) return undefined
      const length = Number(res.headers.get('content-length') ?? NaN)
      return [u, Number.isFinite(length) && length > 0 ? length : (await res.blob()).size]
    }),
  )
  return new Map(hits.filter((h): h is [string, number] => h !== undefined))
}

/** Tells the service worker where Pyodide's core comes from, so it keeps those files on any origin. */
export function announcePyodideIndex(sw: ServiceWorker | null | undefined, url: string): void {
  sw?.postMessage({ type: 'pyodide-index', url })
}

/** Tells the service worker where lock packages come from, so it keeps what Pyodide loads from there. */
export function announcePackageBase(sw: ServiceWorker | null | undefined, url: string): void {
  sw?.postMessage({ type: 'package-base', url })
}

/**
 * Tells the service worker that the launch worker put lock packages into its cache (openPackageStore),
 * so its ledger counts them against the budget now (public/sw-packages.js `reconcile`); without a
 * controller, the service worker counts them when it next starts.
 */
export function countStoredPackages(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  navigator.serviceWorker.controller?.postMessage({ type: 'count-packages' })
}

/** Has the service worker fetch and keep `urls` now; resolves with what it stored and what failed. */
export async function storePackages(urls: string[]): Promise<{ stored: string[]; failed: string[] }> {
  if (urls.length === 0) return { stored: [], failed: [] }
  const sw = 'serviceWorker' in navigator ? (await navigator.serviceWorker.ready).active : null
  if (!sw) return { stored: [], failed: urls }
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = (e: MessageEvent<{ stored: string[]; failed: string[] }>) => resolve(e.data)
    sw.postMessage({ type: 'cache-packages', urls }, [channel.port2])
  })
}

/**
 * The package cache as a store by URL, for the launch worker (CacheStorage exists in workers): what
 * it puts there the service worker serves to Pyodide later, offline included, and the storage page
 * counts. Undefined where there is no CacheStorage (an insecure origin).
 */
export async function openPackageStore(): Promise<
  { get(url: string): Promise<Uint8Array | undefined>; put(url: string, data: Uint8Array): Promise<void> } | undefined
> {
  if (typeof caches === 'undefined') return undefined
  const cache = await caches.open(PACKAGE_CACHE).catch(() => undefined)
  if (!cache) return undefined
  return {
    get: async (url) => {
      const hit = await cache.match(url)
      return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined
    },
    put: (url, data) =>
      cache.put(
        url,
        new Response(new Uint8Array(data), {
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.byteLength) },
        }),
      ),
  }
}
