// Quire's service worker: the app shell and Pyodide's core come back offline, and every response
// it serves carries the cross-origin-isolation headers (SharedArrayBuffer) for static hosts such
// as GitHub Pages that cannot set headers themselves. Same idea as coi-serviceworker; only one
// service worker can control a scope, so this one does both jobs. Plain JS: it is served as is.
/* eslint-env serviceworker */

const CACHE = 'quire-shell-v1'
// Pyodide's lock packages (numpy, …), fetched from config.pyodidePackageBaseUrl — another origin
// in production. Kept apart from the shell so a new app version does not drop them.
const PACKAGES = 'quire-packages-v1'
// Within this budget; past it the least recently used packages go first.
const PACKAGE_BUDGET = 512 * 1024 * 1024
const META = 'https://quire.invalid/meta/'
importScripts('sw-packages.js')
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': embedderPolicy(self.navigator.userAgent),
}

/**
 * `credentialless` keeps the page cross-origin isolated (measured in Chromium 156, also inside the
 * opaque-origin kernel frame and its worker) and lets notebooks show images from sites that send no
 * Cross-Origin-Resource-Policy header; fetch() to CORS servers works with either. A browser without
 * it (Safari) would ignore the header and lose isolation, so it gets `require-corp`. The same rule
 * as scripts/serve.mjs `embedderPolicy`.
 */
function embedderPolicy(userAgent) {
  const chrome = /(?:Chrome|Chromium)\/(\d+)/.exec(userAgent)
  const firefox = /Firefox\/(\d+)/.exec(userAgent)
  return (chrome && Number(chrome[1]) >= 96) || (firefox && Number(firefox[1]) >= 119)
    ? 'credentialless'
    : 'require-corp'
}
const scope = new URL(self.registration.scope)
// Every app route is the same page, so one cache entry (under the scope's own URL) holds it.
const SHELL = scope.href
// `?pyodide=<index URL>` names Pyodide's core folder so install can cache it before first use.
const pyodideIndex = new URL(location.href).searchParams.get('pyodide')
const PYODIDE_CORE = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json']

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE)
      // The page that registered us was loaded before we existed: fetch the shell (every app route
      // is this same page) so that the very next offline visit has it.
      const shell = await fetch(scope.href, { cache: 'no-cache' }).catch(() => undefined)
      if (shell && shell.ok) await cache.put(SHELL, shell)
      if (pyodideIndex && new URL(pyodideIndex).origin === scope.origin)
        // Best effort: a missing file only means it is cached on first use instead.
        await Promise.all(PYODIDE_CORE.map((f) => cache.add(new URL(f, pyodideIndex).href).catch(() => undefined)))
      await self.skipWaiting()
    })(),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE && name !== PACKAGES) await caches.delete(name)
      // Control the open page now, so the launch and kernel workers it starts are served by us.
      await self.clients.claim()
    })(),
  )
})

// The page sends the same-origin files it loaded before we controlled it, and where Pyodide's
// packages and core come from (the config is the page's; we keep it in the cache across restarts).
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'package-base' && typeof event.data.url === 'string') {
    packageBase = event.data.url
    event.waitUntil(caches.open(PACKAGES).then((c) => c.put(META + 'base', new Response(packageBase))))
    return
  }
  if (event.data && event.data.type === 'pyodide-index' && typeof event.data.url === 'string') {
    coreIndex = event.data.url
    coreState = Promise.resolve()
    event.waitUntil(caches.open(PACKAGES).then((c) => c.put(META + 'core', new Response(coreIndex))))
    return
  }
  // "Make available offline": fetch and keep these lock packages now, answer on the given port.
  if (event.data && event.data.type === 'cache-packages' && Array.isArray(event.data.urls) && event.ports[0]) {
    const port = event.ports[0]
    event.waitUntil(
      (async () => {
        const stored = []
        const failed = []
        for (const u of event.data.urls) {
          let storing
          await packageFirst(new Request(u, { mode: 'cors' }), (p) => (storing = p)).catch(() => undefined)
          await storing
          const kept = await (await caches.open(PACKAGES)).match(u)
          ;(kept ? stored : failed).push(u)
        }
        port.postMessage({ stored, failed })
      })(),
    )
    return
  }
  // The launch worker put lock packages into the cache itself: count them, and keep the budget.
  if (event.data && event.data.type === 'count-packages') {
    event.waitUntil(
      caches
        .open(PACKAGES)
        .then(async (cache) => {
          await loadPackageState(cache)
          await ledger.reconcile()
        })
        .catch(() => undefined),
    )
    return
  }
  const urls = event.data && event.data.type === 'cache' && Array.isArray(event.data.urls) ? event.data.urls : []
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        Promise.all(
          urls
            .filter((u) => isOurs(u) || isCoreFile(u))
            .map(async (u) => ((await cache.match(u)) ? undefined : cache.add(u).catch(() => undefined))),
        ),
      ),
  )
})

// Pyodide's core folder: the default one (?pyodide=) until the page announces the configured one,
// which may be on another origin (a CDN, a school's mirror). Its files are named by version like ours.
let coreIndex = pyodideIndex || ''
let coreState
function loadCoreIndex() {
  return (coreState ??= caches
    .open(PACKAGES)
    .then((c) => c.match(META + 'core'))
    .then((r) => (r ? r.text() : ''))
    .then((u) => void (coreIndex = u || coreIndex))
    .catch(() => undefined))
}
const baseName = (u) => new URL(u, scope).pathname.split('/').pop()
function isCoreFile(u) {
  return !!coreIndex && u.startsWith(coreIndex) && PYODIDE_CORE.includes(baseName(u))
}

/** A core file of another origin: from the cache when there, else fetched (CORS) and kept. */
async function coreFirst(request) {
  await loadCoreIndex()
  return isCoreFile(request.url) ? cacheFirst(request) : fetch(request)
}

function isOurs(url) {
  const u = new URL(url, scope)
  return u.origin === scope.origin && u.pathname.startsWith(scope.pathname)
}

/** The same response with the isolation headers added (bodies stream through untouched). */
function isolated(res, status) {
  if (res.type === 'opaque' || res.status === 0) return res
  const headers = new Headers(res.headers)
  for (const [k, v] of Object.entries(ISOLATION)) headers.set(k, v)
  return new Response(res.body, { status: status ?? res.status, statusText: res.statusText, headers })
}

// Hashed build assets and the versioned Pyodide and webR folders never change under a URL: cache first.
function isImmutable(url) {
  const rel = url.pathname.slice(scope.pathname.length)
  return rel.startsWith('assets/') || rel.startsWith('pyodide/') || rel.startsWith('webr/')
}

/**
 * The network check (/check) without isolation, as scripts/serve.mjs serves it: it runs no kernel,
 * and COEP `require-corp` (Safari's) would hide every server that answers without CORS.
 */
function unisolated(res, status) {
  const headers = new Headers(res.headers)
  for (const k of Object.keys(ISOLATION)) headers.delete(k)
  return new Response(res.body, { status: status ?? res.status, statusText: res.statusText, headers })
}

async function navigate(request) {
  const cache = await caches.open(CACHE)
  const isCheck = /^check\/?$/.test(url(request).pathname.slice(scope.pathname.length))
  const serve = isCheck ? unisolated : isolated
  try {
    const res = await fetch(request)
    // Every app route is the same page (index.html, or 404.html on GitHub Pages): keep one copy.
    if (res.ok || (res.status === 404 && (res.headers.get('content-type') || '').includes('html')))
      await cache.put(SHELL, res.clone())
    return serve(res, res.status === 404 && /\/v2\/|\/(storage|check)$/.test(url(request).pathname) ? 200 : undefined)
  } catch (e) {
    const shell = await cache.match(SHELL)
    if (shell) return serve(shell, 200)
    throw e
  }
}

function url(request) {
  return new URL(request.url)
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE)
  const hit = await cache.match(request)
  if (hit) return isolated(hit)
  const res = await fetch(request)
  if (res.ok) await cache.put(request, res.clone())
  return isolated(res)
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE)
  try {
    const res = await fetch(request)
    if (res.ok) await cache.put(request, res.clone())
    return isolated(res)
  } catch (e) {
    const hit = await cache.match(request)
    if (hit) return isolated(hit)
    throw e
  }
}

let packageBase = ''
/** LRU bookkeeping within the budget (public/sw-packages.js), counting what the launch worker stores too. */
let ledger
let packageState
// One load per worker start, shared: concurrent requests (Pyodide fetches packages in parallel)
// must not each load the ledger again.
function loadPackageState(cache) {
  return (packageState ??= (async () => {
    if (!packageBase)
      packageBase = await cache
        .match(META + 'base')
        .then((r) => (r ? r.text() : ''))
        .catch(() => '')
    ledger = self.quirePackageLedger.createLedger({ cache, budget: PACKAGE_BUDGET, meta: META, now: () => Date.now() })
    await ledger.load()
  })())
}

/** Stores a fetched package and counts it against the budget. */
async function keepPackage(cache, u, res) {
  await cache.put(u, res)
  await ledger.add(u)
}

/**
 * Lock packages: from the cache when there, else from the network and kept (LRU within a budget).
 * `keep` is handed the storing work: the page gets the network response at once, not after the
 * whole body is downloaded and written.
 */
async function packageFirst(request, keep) {
  const cache = await caches.open(PACKAGES)
  await loadPackageState(cache)
  const u = request.url
  if (!packageBase || !u.startsWith(packageBase)) return fetch(request)
  const hit = await cache.match(u)
  if (hit) {
    // An entry the ledger lost (the worker stopped between storing and saving) still counts.
    await ledger.touch(u, hit)
    return hit
  }
  const res = await fetch(request)
  if (res.ok && res.type !== 'opaque') keep(keepPackage(cache, u, res.clone()).catch(() => undefined))
  return res
}

// Pyodide's packages are wheels, zips and tars (shared libraries); anything else of another origin is untouched.
const PACKAGE_FILE = /\.(whl|zip|tar|tar\.gz|tgz)$/

/**
 * A HEAD answered from the GET's response (from the cache for versioned folders, else network
 * first), without its body. Without `accept-ranges`: Emscripten's lazy files then read the whole
 * file with one plain GET, which we serve from the cache, instead of Range requests we pass to
 * the network (and which fail offline).
 */
async function headOf(request) {
  const get = new Request(request.url)
  const res = await (isImmutable(url(get)) ? cacheFirst(get) : networkFirst(get))
  const headers = new Headers(res.headers)
  headers.delete('accept-ranges')
  return new Response(null, { status: res.status, statusText: res.statusText, headers })
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (
    request.method === 'GET' &&
    !isOurs(request.url) &&
    PACKAGE_FILE.test(new URL(request.url).pathname) &&
    !request.headers.has('range')
  )
    return event.respondWith(packageFirst(request, (storing) => event.waitUntil(storing)))
  if (
    request.method === 'GET' &&
    !isOurs(request.url) &&
    PYODIDE_CORE.includes(baseName(request.url)) &&
    !request.headers.has('range')
  )
    return event.respondWith(coreFirst(request))
  // Other origins (git servers, PyPI, CDNs) go straight to the network, as if we were not here.
  // Emscripten's lazy files (webR's fonts, fontconfig cache, …) ask their size with HEAD before
  // reading: answer from the cached GET, fetched and kept first when online, so R starts offline.
  if (request.method === 'HEAD' && isOurs(request.url)) return event.respondWith(headOf(request))
  if (request.method !== 'GET' || !isOurs(request.url)) return
  if (request.mode === 'navigate') return event.respondWith(navigate(request))
  if (request.headers.has('range')) return
  event.respondWith(isImmutable(url(request)) ? cacheFirst(request) : networkFirst(request))
})
