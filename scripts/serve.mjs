// Serves the production build (dist/) the way a static host would, plus the app's own routing:
// `/` and `/v2/...` get index.html, every other path is a file or a real 404 (a missing .whl must
// not come back as HTML). Used by `npm start` and by the end-to-end tests.
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.ipynb': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip',
  '.whl': 'application/octet-stream',
}

// Cross-origin isolation (SharedArrayBuffer): the kernel's interrupt buffer and input() need it.
// require-corp still lets fetch() reach CORS servers (git, PyPI, Pyodide's CDN); the service
// worker adds the same two headers on hosts that cannot set them.
export const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
}

/**
 * `credentialless` where the browser has it (Chrome 96+, Firefox 119+): still cross-origin isolated
 * (measured in Chromium 156, also in the opaque-origin kernel frame and its worker), and notebooks
 * may show images from sites that send no Cross-Origin-Resource-Policy header. Elsewhere (Safari)
 * an unknown value would be ignored and isolation lost, so `require-corp`. public/sw.js and
 * vite.config.ts apply the same rule.
 */
export function embedderPolicy(userAgent = '') {
  const chrome = /(?:Chrome|Chromium)\/(\d+)/.exec(userAgent)
  const firefox = /Firefox\/(\d+)/.exec(userAgent)
  return (chrome && Number(chrome[1]) >= 96) || (firefox && Number(firefox[1]) >= 119)
    ? 'credentialless'
    : 'require-corp'
}

/**
 * The network check (/check) is served without isolation: it runs no kernel, and a page with COEP
 * `require-corp` cannot see a server that answers without CORS (src/netcheck/hostProbes.ts).
 * public/sw.js applies the same rule.
 */
export const isUnisolatedRoute = (path) => path === '/check' || path === '/check/'

/** Paths the app routes itself (src/ui/App.tsx): they are served index.html. vite.config.ts uses it too. */
export const isAppRoute = (path) =>
  path === '/' ||
  path.startsWith('/v2/') ||
  path === '/storage' ||
  path === '/storage/' ||
  path === '/check' ||
  path === '/check/'

/** The isolation headers for the browser that sent `userAgent`. */
const isolationHeaders = (userAgent) => ({
  ...ISOLATION_HEADERS,
  'cross-origin-embedder-policy': embedderPolicy(userAgent),
})

/**
 * Hashed assets and Pyodide's core, in a folder named by its version, never change; everything else
 * is revalidated so a new deploy is seen at once.
 */
const cacheControl = (path) =>
  path.startsWith('/assets/') || /^\/pyodide\/\d[^/]*\//.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'

/** Whether the browser's copy is the current one (If-None-Match lists it, or `*`). */
const isFresh = (requestHeaders, etag) =>
  (requestHeaders['if-none-match'] ?? '')
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === '*' || t === etag)

// `sitePath` serves the build under a base path (QUIRE_BASE). `pages` behaves like GitHub Pages
// instead: no custom headers, and any missing path gets 404.html (which is the app) with a 404.
export function startStaticServer({ root, port = 0, host = '127.0.0.1', sitePath = '/', pages = false }) {
  const base = resolve(root)
  const prefix = sitePath.replace(/\/+$/, '')
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    let path
    try {
      path = decodeURIComponent(url.pathname)
    } catch {
      res.writeHead(400).end('bad path')
      return
    }
    let headers = pages ? {} : isolationHeaders(req.headers['user-agent'])
    if (prefix && path !== prefix && !path.startsWith(`${prefix}/`)) {
      res.writeHead(404, { 'content-type': 'text/plain', ...headers }).end(`not found: ${path}`)
      return
    }
    path = path.slice(prefix.length) || '/'
    if (isUnisolatedRoute(path)) headers = {}
    const file =
      !pages && isAppRoute(path)
        ? join(base, 'index.html')
        : normalize(join(base, path.endsWith('/') ? `${path}index.html` : path))
    if (!file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile()) {
      if (pages && existsSync(join(base, '404.html'))) {
        res.writeHead(404, { 'content-type': MIME['.html'] })
        createReadStream(join(base, '404.html')).pipe(res)
      } else res.writeHead(404, { 'content-type': 'text/plain', ...headers }).end(`not found: ${path}`)
      return
    }
    const type = MIME[extname(file)] ?? (file.endsWith(`${sep}json`) ? 'application/json' : 'application/octet-stream')
    const stat = statSync(file)
    // Validators, as every static host sends them: without them `no-cache` means a full download
    // each time (9.6 MB of Pyodide's wasm again when the service worker keeps what the page loaded).
    const validators = {
      etag: `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
      'last-modified': stat.mtime.toUTCString(),
    }
    const common = { 'cache-control': cacheControl(path), ...validators, ...headers }
    if (isFresh(req.headers, validators.etag)) {
      res.writeHead(304, common).end()
      return
    }
    res.writeHead(200, { 'content-type': type, 'content-length': stat.size, ...common })
    if (req.method === 'HEAD') res.end()
    else createReadStream(file).pipe(res)
  })
  return new Promise((ok) => server.listen(port, host, () => ok(server)))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`)
    return i > 0 ? process.argv[i + 1] : dflt
  }
  const root = arg('root', join(fileURLToPath(new URL('..', import.meta.url)), 'dist'))
  const port = Number(arg('port', process.env.PORT ?? 4173))
  const host = arg('host', 'localhost')
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`no build in ${root}: run npm run build first`)
    process.exit(1)
  }
  const server = await startStaticServer({ root, port, host })
  const { port: actual } = server.address()
  console.log(
    `Quire is serving ${root}\n  open http://${host}:${actual}/  (demo: http://${host}:${actual}/v2/demo/quire-demo)`,
  )
}
