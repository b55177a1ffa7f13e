// A self-hoster's Pyodide mirror, for tests and the benchmark: Pyodide's core files (from
// node_modules/pyodide) beside the real wheels kept in `../shared/pyodide-wheels/` (numpy and Pillow
// compiled for ABI 2026_0, fonttools, six), with `pyodide-lock.json`'s entries for them rewritten
// (`version`, `file_name`, `sha256`), as that folder's README says. Quire is pointed at it with
// `pyodideIndexUrl` and `pyodidePackageBaseUrl`, like a mirror of jsDelivr's
// `cdn.jsdelivr.net/pyodide/v<version>/full/` folder: one flat folder, the lock at its root, each
// package file by the lock's `file_name`, CORS open (jsDelivr sends `access-control-allow-origin: *`
// and `cross-origin-resource-policy: cross-origin`). A missing file is a plain 404, as there.
// The wheels are never part of the project: `sharedWheels()` says when they are absent.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * `<repo>/../shared/pyodide-wheels`, where the wheels live beside a working copy; `QUIRE_SHARED_DIR`
 * names another `shared` folder (a git worktree elsewhere).
 */
export const SHARED_WHEELS_DIR = join(
  process.env.QUIRE_SHARED_DIR ?? fileURLToPath(new URL('../../../shared/', import.meta.url)),
  'pyodide-wheels',
)

/** `QUIRE_REQUIRE_SHARED=1` (set by .ci/run): missing wheels fail the run instead of skipping. */
export const isSharedRequired = process.env.QUIRE_REQUIRE_SHARED === '1'
export const PYODIDE_CORE_DIR = `${dirname(createRequire(import.meta.url).resolve('pyodide/package.json'))}/`
const CORE = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'package.json']

export interface SharedWheel {
  /** The lock's key (PEP 503 name, lower case). */
  key: string
  fileName: string
  version: string
  sha256: string
  path: string
}

export type SharedWheels = { ok: true; wheels: SharedWheel[] } | { ok: false; reason: string }

/** The real wheels beside the project, or why they cannot be used. */
export function sharedWheels(dir = SHARED_WHEELS_DIR): SharedWheels {
  if (!existsSync(dir))
    return { ok: false, reason: `${dir} does not exist (real Pyodide wheels are kept outside the project)` }
  const wheels = readdirSync(dir)
    .filter((f) => f.endsWith('.whl'))
    .map((fileName) => {
      const [name, version] = fileName.split('-')
      const path = join(dir, fileName)
      const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex')
      return { key: name.toLowerCase().replace(/[-_.]+/g, '-'), fileName, version, sha256, path }
    })
  const missing = ['numpy', 'pillow'].filter((k) => !wheels.some((w) => w.key === k))
  if (missing.length > 0) return { ok: false, reason: `${dir} has no ${missing.join(' or ')} wheel` }
  return { ok: true, wheels }
}

/** Says plainly that a test that needs the wheels did not run; where they are required, throws instead. */
export function reportMissing(what: string, why: string): void {
  if (isSharedRequired) throw new Error(`${what} must run (QUIRE_REQUIRE_SHARED=1), but ${why}`)
  console.warn(`quire: ${what} did not run: ${why}`)
}

/** Pyodide's lock with the shared wheels' entries rewritten; a wheel the lock does not list is refused. */
export function rewriteLock(lockText: string, wheels: SharedWheel[]): string {
  const lock: { packages: Record<string, { file_name: string; version: string; sha256: string }> } =
    JSON.parse(lockText)
  for (const w of wheels) {
    const entry = lock.packages[w.key]
    if (!entry) throw new Error(`pyodide-lock.json has no package ${w.key}`)
    Object.assign(entry, { file_name: w.fileName, version: w.version, sha256: w.sha256 })
  }
  return JSON.stringify(lock, null, 2)
}

/** Every file of the mirror by name: the core, the rewritten lock and the wheels. */
export function mirrorFiles(wheels: SharedWheel[]): Map<string, () => Buffer> {
  const files = new Map<string, () => Buffer>()
  for (const f of CORE) files.set(f, () => readFileSync(join(PYODIDE_CORE_DIR, f)))
  const lock = Buffer.from(rewriteLock(readFileSync(join(PYODIDE_CORE_DIR, 'pyodide-lock.json'), 'utf8'), wheels))
  files.set('pyodide-lock.json', () => lock)
  for (const w of wheels) files.set(w.fileName, () => readFileSync(w.path))
  return files
}

const TYPES: Record<string, string> = {
  mjs: 'text/javascript; charset=utf-8',
  wasm: 'application/wasm',
  json: 'application/json',
  zip: 'application/zip',
  whl: 'application/octet-stream',
}

/**
 * Serves the mirror under `prefix` (e.g. `/mirror/`); returns false for other paths, so it can sit
 * in front of another server. Counts the requests per file, for tests that check what was fetched.
 */
export function mirrorHandler(wheels: SharedWheel[], prefix = '/') {
  const files = mirrorFiles(wheels)
  const hits = new Map<string, number>()
  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (!path.startsWith(prefix)) return false
    const name = decodeURIComponent(path.slice(prefix.length))
    const headers = {
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'cache-control': 'public, max-age=31536000, immutable',
    }
    const read = files.get(name)
    if (!read || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('Not Found')
      return true
    }
    hits.set(name, (hits.get(name) ?? 0) + 1)
    const body = read()
    const type = TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream'
    res.writeHead(200, { ...headers, 'content-type': type, 'content-length': body.length })
    res.end(req.method === 'HEAD' ? undefined : body)
    return true
  }
  return { handle, hits }
}

export interface PyodideMirror {
  /** The folder's URL, ending in `/`: both `pyodideIndexUrl` and `pyodidePackageBaseUrl`. */
  url: string
  hits: Map<string, number>
  stop(): Promise<void>
}

/** The mirror on its own port (another origin than the app's). */
export async function startPyodideMirror(wheels: SharedWheel[]): Promise<PyodideMirror> {
  const { handle, hits } = mirrorHandler(wheels, '/pyodide/')
  const server = createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(404).end()
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/pyodide/`,
    hits,
    stop: () => {
      server.closeAllConnections()
      return new Promise((ok) => server.close(() => ok()))
    },
  }
}

/** The mirror as a folder (Node tests boot Pyodide from a path): links to the files, the lock written. */
export function writeMirrorDir(wheels: SharedWheel[], dir: string): string {
  mkdirSync(dir, { recursive: true })
  for (const f of CORE) symlinkSync(join(PYODIDE_CORE_DIR, f), join(dir, f))
  for (const w of wheels) symlinkSync(w.path, join(dir, w.fileName))
  writeFileSync(
    join(dir, 'pyodide-lock.json'),
    rewriteLock(readFileSync(join(PYODIDE_CORE_DIR, 'pyodide-lock.json'), 'utf8'), wheels),
  )
  return dir.endsWith('/') ? dir : `${dir}/`
}

/**
 * The app (a static server on `root`) with the mirror at `/mirror/pyodide/` on the same origin, as a
 * self-hoster serving Pyodide beside Quire would: the service worker then keeps the mirror's files
 * for offline use like the rest of the site. Everything else is passed to the static server.
 */
export async function startSiteWithMirror(
  app: Server,
  wheels: SharedWheel[],
): Promise<{ url: string; mirrorUrl: string; hits: Map<string, number>; stop(): Promise<void> }> {
  const appPort = (app.address() as AddressInfo).port
  const { handle, hits } = mirrorHandler(wheels, '/mirror/pyodide/')
  const front = createServer((req, res) => {
    if (handle(req, res)) return
    const upstream = request(
      { host: '127.0.0.1', port: appPort, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  await new Promise<void>((ok) => front.listen(0, '127.0.0.1', ok))
  const url = `http://127.0.0.1:${(front.address() as AddressInfo).port}`
  const close = (s: Server) =>
    new Promise<void>((ok) => {
      s.closeAllConnections()
      s.close(() => ok())
    })
  return {
    url,
    mirrorUrl: `${url}/mirror/pyodide/`,
    hits,
    stop: async () => void (await Promise.all([close(front), close(app)])),
  }
}
