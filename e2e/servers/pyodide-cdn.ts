// Stand-in for Pyodide's package CDN, https://cdn.jsdelivr.net/pyodide/v<version>/full/ — the folder
// `pyodidePackageBaseUrl` names: pyodide-lock.json, the core files and every package by its lock
// `file_name`. As jsDelivr documents and answers (https://www.jsdelivr.com/documentation, and its
// responses' headers): `Access-Control-Allow-Origin: *`, `Cross-Origin-Resource-Policy: cross-origin`,
// `Timing-Allow-Origin: *`, a long `Cache-Control`, and a plain 404 (with CORS) for a file it lacks.
// Served here: a core folder from disk (optional) plus packages added in memory; the lock is the
// core's with the added packages written in, as a self-hoster's mirror would do (see
// ../shared/pyodide-wheels/README.md). Every request is counted, so a test can see what was fetched.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { createHash } from 'node:crypto'

export interface LockEntry {
  name: string
  version: string
  file_name: string
  install_dir: 'site'
  sha256: string
  package_type: 'package' | 'shared_library'
  imports: string[]
  depends: string[]
}

export interface PyodideCdn {
  /** Ends in `/pyodide/v<version>/full/`, like the CDN's URL: the value for pyodidePackageBaseUrl. */
  url: string
  /** Paths requested so far (method and path), in order. */
  requests: string[]
  /** Serves `bytes` as `fileName` and lists it in the lock (replacing an entry of the same name). */
  addPackage(p: { name: string; version: string; fileName: string; bytes: Uint8Array; imports?: string[] }): LockEntry
  /** The lock as served now. */
  lock(): { info: unknown; packages: Record<string, LockEntry> }
  stop(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.zip': 'application/zip',
  '.whl': 'application/octet-stream',
}
const typeOf = (name: string) => TYPES[/\.[a-z]+$/.exec(name)?.[0] ?? ''] ?? 'application/octet-stream'

/** `coreDir`: a Pyodide core folder (public/pyodide/<version>/) whose lock the added packages join. */
export async function startPyodideCdn(opts: { coreDir?: string; version: string }): Promise<PyodideCdn> {
  const prefix = `/pyodide/v${opts.version}/full/`
  const added = new Map<string, { entry: LockEntry; bytes: Uint8Array }>()
  const baseLock = opts.coreDir
    ? (JSON.parse(readFileSync(join(opts.coreDir, 'pyodide-lock.json'), 'utf8')) as {
        info: unknown
        packages: Record<string, LockEntry>
      })
    : { info: {}, packages: {} }
  const lock = () => ({
    info: baseLock.info,
    packages: { ...baseLock.packages, ...Object.fromEntries([...added].map(([k, v]) => [k, v.entry])) },
  })
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    requests.push(`${req.method} ${path}`)
    const headers = {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Timing-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=31536000, s-maxage=31536000, immutable',
    }
    if (req.method === 'OPTIONS')
      return void res.writeHead(204, { ...headers, 'Access-Control-Allow-Headers': '*' }).end()
    const name = path.startsWith(prefix) ? path.slice(prefix.length) : undefined
    const send = (type: string, body: Uint8Array | string) =>
      void res
        .writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
        .end(req.method === 'HEAD' ? undefined : body)
    if (name === 'pyodide-lock.json') return send('application/json', JSON.stringify(lock()))
    const pkg = name !== undefined ? [...added.values()].find((p) => p.entry.file_name === name) : undefined
    if (pkg) return send(typeOf(name ?? ''), pkg.bytes)
    const file = name && opts.coreDir && !name.includes('..') ? join(opts.coreDir, name) : undefined
    if (file && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { ...headers, 'Content-Type': typeOf(file), 'Content-Length': statSync(file).size })
      if (req.method === 'HEAD') return void res.end()
      return void createReadStream(file).pipe(res)
    }
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end(`Couldn't find the requested file ${path}`)
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    addPackage({ name, version, fileName, bytes, imports }) {
      const entry: LockEntry = {
        name,
        version,
        file_name: fileName,
        install_dir: 'site',
        sha256: createHash('sha256').update(bytes).digest('hex'),
        package_type: 'package',
        imports: imports ?? [],
        depends: [],
      }
      added.set(name.toLowerCase().replace(/[-_.]+/g, '-'), { entry, bytes })
      return entry
    },
    lock,
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections()
        server.close(() => ok())
      }),
  }
}
