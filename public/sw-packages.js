// The service worker's bookkeeping of Pyodide's lock packages (cache `quire-packages-v1`): url →
// { size, usedAt }, saved in the cache itself under `<meta>index`, and the least recently used
// packages deleted once the total passes the budget. Packages reach that cache two ways: the
// service worker keeps what it fetches for Pyodide, and the launch worker puts what it downloads
// in its download phase (src/offline/packageCache.ts `openPackageStore`) straight into the cache.
// `reconcile` counts entries the ledger has not seen and forgets those deleted by someone else (the
// storage page), so every byte in the cache is within the budget whoever stored it.
// A classic script that only sets a global: sw.js loads it with importScripts, and
// public/sw-packages.test.ts imports it.
;(function (root) {
  /**
   * `cache`: a Cache (match, put, delete, keys). `budget`: bytes. `meta`: the URL prefix of the
   * ledger's own entries. `now`: the clock, for usedAt.
   */
  function createLedger(o) {
    const indexUrl = o.meta + 'index'
    let index = {}
    // One operation at a time: Pyodide fetches packages in parallel, and an interleaved reconcile
    // could drop an entry another operation had just added.
    let chain = Promise.resolve()
    const serial = (fn) => {
      const run = chain.then(fn)
      chain = run.catch(() => undefined)
      return run
    }
    const isMeta = (u) => u.startsWith(o.meta)
    // A blob's size: the cache knows it without reading the body into memory.
    const sizeOf = async (res) => (await res.clone().blob()).size

    async function loadIndex() {
      const saved = await o.cache.match(indexUrl).catch(() => undefined)
      const parsed = saved ? await saved.json().catch(() => ({})) : {}
      index = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}
    }
    async function saveIndex() {
      await o.cache.put(
        indexUrl,
        new Response(JSON.stringify(index), { headers: { 'content-type': 'application/json' } }),
      )
    }
    async function reconcileIndex() {
      const urls = (await o.cache.keys()).map((r) => r.url).filter((u) => !isMeta(u))
      const present = new Set(urls)
      for (const u of Object.keys(index)) if (!present.has(u)) delete index[u]
      for (const u of urls) {
        if (index[u] && index[u].size > 0) continue
        const hit = await o.cache.match(u)
        if (hit) index[u] = { size: await sizeOf(hit), usedAt: o.now() }
      }
    }
    const total = () => Object.values(index).reduce((n, e) => n + e.size, 0)
    /** Deletes least recently used packages, never `keep`, until the total is within the budget. */
    async function evictOver(keep) {
      const entries = Object.entries(index).sort((a, b) => a[1].usedAt - b[1].usedAt)
      let sum = total()
      const evicted = []
      for (const [u, e] of entries) {
        if (sum <= o.budget) break
        if (u === keep) continue
        await o.cache.delete(u)
        delete index[u]
        sum -= e.size
        evicted.push(u)
      }
      return evicted
    }

    return {
      /** Reads the saved ledger and counts what others stored since: once per service-worker start. */
      load: () =>
        serial(async () => {
          await loadIndex()
          await reconcileIndex()
          await evictOver(undefined)
          await saveIndex()
        }),
      /** A package served from the cache: now the most recently used. */
      touch: (u, res) =>
        serial(async () => {
          const size = (index[u] && index[u].size) || (await sizeOf(res))
          index[u] = { size, usedAt: o.now() }
          await saveIndex()
        }),
      /** A package just put in the cache (by the service worker): counted, then room made around it. */
      add: (u) =>
        serial(async () => {
          const kept = await o.cache.match(u)
          if (kept) index[u] = { size: await sizeOf(kept), usedAt: o.now() }
          const evicted = await evictOver(u)
          await saveIndex()
          return evicted
        }),
      /** Packages someone else put in (the launch worker) or deleted: counted or forgotten, then the budget kept. */
      reconcile: () =>
        serial(async () => {
          await reconcileIndex()
          const evicted = await evictOver(undefined)
          await saveIndex()
          return evicted
        }),
      entries: () => ({ ...index }),
      total,
    }
  }
  root.quirePackageLedger = { createLedger }
})(typeof self !== 'undefined' ? self : globalThis)
