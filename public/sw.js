// Quire's service worker: the app shell and Pyodide's core come back offline, and every response
// it serves carries the cross-origin-isolation headers (SharedArrayBuffer) for static hosts such
// as GitHub Pages that cannot set headers themselves. Same idea as coi-serviceworker; only one
// service worker can control a scope, so this one does both jobs. Plain JS: it is served as is.
/* eslint-env serviceworker */

const CACHE = 'quire-shell-v1'
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  // require-corp: same-origin files pass, and fetch() to CORS servers (git, PyPI) still works.
  'cross-origin-embedder-policy': 'require-corp',
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
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name)
      // Control the open page now, so the launch and kernel workers it starts are served by us.
      await self.clients.claim()
    })(),
  )
})

// The page sends the same-origin files it loaded before we controlled it.
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.type === 'cache' && Array.isArray(event.data.urls) ? event.data.urls : []
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(urls.filter(isOurs).map(async (u) => ((await cache.match(u)) ? undefined : cache.add(u).catch(() => undefined)))),
    ),
  )
})

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

// Hashed build assets and the versioned Pyodide folder never change under a URL: cache first.
function isImmutable(url) {
  const rel = url.pathname.slice(scope.pathname.length)
  return rel.startsWith('assets/') || rel.startsWith('pyodide/')
}

async function navigate(request) {
  const cache = await caches.open(CACHE)
  try {
    const res = await fetch(request)
    // Every app route is the same page (index.html, or 404.html on GitHub Pages): keep one copy.
    if (res.ok || (res.status === 404 && (res.headers.get('content-type') || '').includes('html')))
      await cache.put(SHELL, res.clone())
    return isolated(res, res.status === 404 && url(request).pathname.includes('/v2/') ? 200 : undefined)
  } catch (e) {
    const shell = await cache.match(SHELL)
    if (shell) return isolated(shell, 200)
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

self.addEventListener('fetch', (event) => {
  const request = event.request
  // Other origins (git servers, PyPI, CDNs) go straight to the network, as if we were not here.
  if (request.method !== 'GET' || !isOurs(request.url)) return
  if (request.mode === 'navigate') return event.respondWith(navigate(request))
  if (request.headers.has('range')) return
  event.respondWith(isImmutable(url(request)) ? cacheFirst(request) : networkFirst(request))
})
