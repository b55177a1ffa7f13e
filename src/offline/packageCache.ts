/** The service worker's cache of Pyodide's lock packages (public/sw.js keeps the name in step). */
export const PACKAGE_CACHE = 'quire-packages-v1'

/** Which of `urls` the service worker's package cache holds (readable from the page too). */
export async function cachedPackages(urls: string[]): Promise<Set<string>> {
  if (typeof caches === 'undefined' || urls.length === 0) return new Set()
  const cache = await caches.open(PACKAGE_CACHE)
  const hits = await Promise.all(urls.map(async (u) => ((await cache.match(u)) ? u : undefined)))
  return new Set(hits.filter((u): u is string => u !== undefined))
}

/** Tells the service worker where lock packages come from, so it keeps what Pyodide loads from there. */
export function announcePackageBase(sw: ServiceWorker | null | undefined, url: string): void {
  sw?.postMessage({ type: 'package-base', url })
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
