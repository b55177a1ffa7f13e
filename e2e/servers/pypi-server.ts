// A PyPI-compatible index for tests, answering as pypi.org's warehouse does. Sources read
// (pypi/warehouse at 6b62157, 2026-08-21): warehouse/packaging/utils.py `_simple_detail` (the
// PEP 691 JSON page: `meta.api-version` 1.4 with `_last-serial`, `project-status`, `versions`,
// `yanked` false or its reason, `data-dist-info-metadata` and `core-metadata` both `{sha256}` or
// `false`), warehouse/api/simple.py (Accept negotiation, 301 to the normalised name, CORS),
// warehouse/utils/cors.py (the CORS headers) and warehouse/legacy/api/json.py (the JSON API:
// `requires_dist` null when the release has none recorded, `yanked`/`yanked_reason` per file and
// release, `core-metadata` per file, no `releases` on a version URL, `info.version` the newest
// release that is neither yanked nor a pre-release). Standards: PEP 503, 592, 629, 658, 691, 700, 714.
// The awkward answers are here too: `dropUploadMetadata` makes the JSON API say
// `requires_dist: null` for a release whose wheel declares dependencies (what PyPI serves for
// uploads whose form metadata lacked them, pypi/warehouse#474 and #11587), `yank` (PEP 592), and
// `isMetadataServed: false` for an index that predates PEP 658. Files (files.pythonhosted.org) are
// served with `Access-Control-Allow-Origin: *`, as pypi.org's CDN does.
import { createHash } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import { compare, explain } from '@renovatebot/pep440'
import { buildWheelFromDir } from '../../scripts/lib/wheel.mjs'
import { createFaultSwitch, type FaultSwitch } from './faults'
import { normalizeName, readWheelMetadata, type WheelMetadata } from './wheel-metadata'

export interface PypiServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string
  port: number
  addWheel(w: { filename: string; bytes: Uint8Array; sha256?: string }): void
  addFromDir(dir: string): Promise<{ filename: string; sha256: string }>
  /** From now on serve altered bytes (same size) for this file, still advertising the old hash. */
  corrupt(filename: string): void
  /** From now on the JSON API says `requires_dist: null` for this release, as PyPI does for an upload
   *  whose form metadata had no Requires-Dist; the wheel and its `.metadata` file still declare them. */
  dropUploadMetadata(project: string, version: string): void
  /** PEP 592: mark a release yanked (warehouse yanks releases, so every file of it), with a reason or none. */
  yank(project: string, version: string, reason?: string): void
  /** Per-path fault injection (e2e/servers/faults.ts). */
  faults: FaultSwitch
  stop(): Promise<void>
}

interface Dist extends WheelMetadata {
  filename: string
  sha256: string
  size: number
  served: Uint8Array
  uploadTime: string
  metadata: Uint8Array
  metadataSha256: string
}

const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json'
const API_VERSION = '1.4'
// warehouse/utils/cors.py, on the simple and JSON API answers.
const API_CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since',
  'Access-Control-Allow-Methods': 'GET',
  'Access-Control-Max-Age': '86400',
  'Access-Control-Expose-Headers': 'X-PyPI-Last-Serial',
}
// The file host's (and this stand-in's other paths'): anyone may read.
const FILE_CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Expose-Headers': '*',
}
const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export async function startPypiServer(opts: { port?: number; isMetadataServed?: boolean } = {}): Promise<PypiServer> {
  const isMetadataServed = opts.isMetadataServed !== false
  const dists = new Map<string, Dist>() // by filename
  const noUploadMetadata = new Set<string>() // `project version` whose JSON `requires_dist` is null
  const yanked = new Map<string, string>() // `project version` → reason ('' for none)
  let serial = 1000
  let url = ''
  const releaseKey = (d: Dist) => `${normalizeName(d.name)} ${d.version}`
  // warehouse: `yanked_reason if yanked and yanked_reason else yanked`.
  const yankedField = (d: Dist) => (yanked.has(releaseKey(d)) ? yanked.get(releaseKey(d)) || true : false)
  const metadataField = (d: Dist) => (isMetadataServed ? { sha256: d.metadataSha256 } : false)

  const projectFiles = (project: string) =>
    [...dists.values()]
      .filter((d) => normalizeName(d.name) === project)
      .sort((a, b) => compare(a.version, b.version) || a.filename.localeCompare(b.filename))
  const versionsOf = (files: Dist[]) => [...new Set(files.map((d) => d.version))]
  const fileUrl = (d: Dist) => `${url}/files/${encodeURIComponent(d.filename)}`

  const send = (res: ServerResponse, status: number, type: string, body: string | Uint8Array) =>
    void res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) }).end(body)
  const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') =>
    send(res, status, type, JSON.stringify(body))
  const notFound = (res: ServerResponse) => json(res, 404, { message: 'Not Found' })
  const redirect = (res: ServerResponse, path: string) => void res.writeHead(301, { Location: `${url}${path}` }).end()

  // PEP 691 file entry (PEP 700 adds size, upload-time and the versions list).
  const simpleFile = (d: Dist) => ({
    filename: d.filename,
    url: fileUrl(d),
    hashes: { sha256: d.sha256 },
    'requires-python': d.requiresPython || null,
    size: d.size,
    'upload-time': d.uploadTime,
    yanked: yankedField(d),
    // PEP 658's name and PEP 714's, always both, `false` when there is no metadata file.
    'data-dist-info-metadata': metadataField(d),
    'core-metadata': metadataField(d),
    provenance: null,
  })
  const pypiFile = (d: Dist) => ({
    filename: d.filename,
    url: fileUrl(d),
    digests: { sha256: d.sha256 },
    packagetype: 'bdist_wheel',
    python_version: 'py3',
    'core-metadata': metadataField(d),
    requires_python: d.requiresPython || null,
    size: d.size,
    upload_time_iso_8601: d.uploadTime,
    yanked: yanked.has(releaseKey(d)),
    yanked_reason: yanked.get(releaseKey(d)) || null,
  })
  const pypiJson = (files: Dist[], version: string, isAllReleases: boolean) => {
    const ofVersion = files.filter((d) => d.version === version)
    const [meta] = ofVersion
    const releases: Record<string, unknown[]> = {}
    for (const d of files) (releases[d.version] ??= []).push(pypiFile(d))
    const isNull = noUploadMetadata.has(releaseKey(meta))
    return {
      info: {
        name: meta.name,
        version,
        summary: meta.summary,
        // `list(release.requires_dist) if release.requires_dist else None`
        requires_dist: meta.requiresDist.length && !isNull ? meta.requiresDist : null,
        requires_python: meta.requiresPython || null,
        yanked: yanked.has(releaseKey(meta)),
        yanked_reason: yanked.get(releaseKey(meta)) || null,
      },
      // The project URL lists every release; a version URL only its own files (all_releases=False).
      ...(isAllReleases ? { releases } : {}),
      urls: ofVersion.map(pypiFile),
    }
  }

  const faults = createFaultSwitch()
  const server = createServer(
    faults.wrap((req, res) => {
      const isApi = /^\/(simple|pypi)\//.test(req.url ?? '')
      for (const [k, v] of Object.entries(isApi ? API_CORS_HEADERS : FILE_CORS_HEADERS)) res.setHeader(k, v)
      if (isApi) res.setHeader('X-PyPI-Last-Serial', String(serial))
      if (req.method === 'OPTIONS') return void res.writeHead(204).end()
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { message: 'Method Not Allowed' })
      const reqUrl = new URL(req.url ?? '/', url)
      const parts = reqUrl.pathname.split('/').slice(1).map(decodeURIComponent)
      const wantsJson =
        (req.headers.accept ?? '').includes(SIMPLE_JSON) || reqUrl.searchParams.get('format') === SIMPLE_JSON
      res.setHeader('Vary', 'Accept')

      if (parts[0] === 'simple' && (parts.length === 1 || (parts.length === 2 && parts[1] === ''))) {
        const names = [...new Set([...dists.values()].map((d) => normalizeName(d.name)))].sort()
        if (wantsJson)
          return json(
            res,
            200,
            { meta: { 'api-version': API_VERSION, '_last-serial': serial }, projects: names.map((name) => ({ name })) },
            SIMPLE_JSON,
          )
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          `<!DOCTYPE html>\n<html><body>\n${names
            .map((n) => `<a href="/simple/${n}/">${n}</a><br>`)
            .join('\n')}\n</body></html>\n`,
        )
      }
      if (parts[0] === 'simple' && parts[1] && parts.length <= 3 && !parts[2]) {
        const project = normalizeName(parts[1])
        // Like PyPI: one canonical URL per project, with the trailing slash.
        if (parts[1] !== project || parts.length === 2) return redirect(res, `/simple/${project}/${reqUrl.search}`)
        const files = projectFiles(project)
        if (!files.length) return notFound(res)
        if (wantsJson) {
          return json(
            res,
            200,
            {
              meta: { 'api-version': API_VERSION, '_last-serial': serial },
              name: project,
              'project-status': { status: 'active' },
              versions: versionsOf(files),
              files: files.map(simpleFile),
            },
            SIMPLE_JSON,
          )
        }
        const links = files.map(
          (d) =>
            `<a href="${escapeHtml(fileUrl(d))}#sha256=${d.sha256}"${
              d.requiresPython ? ` data-requires-python="${escapeHtml(d.requiresPython)}"` : ''
            }${yankedField(d) === false ? '' : ` data-yanked="${escapeHtml(String(yanked.get(releaseKey(d)) ?? ''))}"`}${
              isMetadataServed
                ? ` data-core-metadata="sha256=${d.metadataSha256}" data-dist-info-metadata="sha256=${d.metadataSha256}"`
                : ''
            }>${escapeHtml(d.filename)}</a><br>`,
        )
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          `<!DOCTYPE html>\n<html><head><meta name="pypi:repository-version" content="${API_VERSION}">` +
            `<title>Links for ${project}</title></head><body>\n<h1>Links for ${project}</h1>\n${links.join('\n')}\n</body></html>\n`,
        )
      }
      if (parts[0] === 'pypi' && parts[1] && (parts.length === 3 || parts.length === 4) && parts.at(-1) === 'json') {
        const project = normalizeName(parts[1])
        const version = parts.length === 4 ? parts[2] : undefined
        if (parts[1] !== project) return redirect(res, `/pypi/${project}/${version ? `${version}/` : ''}json`)
        const files = projectFiles(project)
        if (!files.length) return notFound(res)
        // info.version: warehouse orders releases by yanked, then pre-release, then version.
        const versions = versionsOf(files)
        const rank = (v: string) =>
          (yanked.has(`${project} ${v}`) ? 2 : 0) + (explain(v)?.is_prerelease === false ? 0 : 1)
        const latest = [...versions].sort((a, b) => rank(a) - rank(b) || compare(b, a))[0] ?? ''
        if (version !== undefined && !versions.includes(version)) return notFound(res)
        return json(res, 200, pypiJson(files, version ?? latest, version === undefined))
      }
      if (parts[0] === 'files' && parts.length === 2 && parts[1].endsWith('.whl.metadata')) {
        const d = dists.get(parts[1].slice(0, -'.metadata'.length))
        return d && isMetadataServed ? send(res, 200, 'text/plain; charset=utf-8', d.metadata) : notFound(res)
      }
      if (parts[0] === 'files' && parts.length === 2) {
        const d = dists.get(parts[1])
        return d ? send(res, 200, 'application/octet-stream', d.served) : notFound(res)
      }
      return notFound(res)
    }),
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('pypi server: no TCP address')
  url = `http://127.0.0.1:${address.port}`

  const addWheel: PypiServer['addWheel'] = ({ filename, bytes, sha256 }) => {
    if (!filename.endsWith('.whl') || filename.includes('/'))
      throw new Error(`pypi server: bad wheel filename ${filename}`)
    const { file: metadata, ...meta } = readWheelMetadata(bytes)
    dists.set(filename, {
      ...meta,
      filename,
      size: bytes.length,
      served: bytes,
      metadata,
      metadataSha256: createHash('sha256').update(metadata).digest('hex'),
      sha256: sha256 ?? createHash('sha256').update(bytes).digest('hex'),
      uploadTime: new Date().toISOString(),
    })
    serial++
  }
  return {
    url,
    port: address.port,
    addWheel,
    faults,
    dropUploadMetadata(project, version) {
      noUploadMetadata.add(`${normalizeName(project)} ${version}`)
      serial++
    },
    yank(project, version, reason = '') {
      yanked.set(`${normalizeName(project)} ${version}`, reason)
      serial++
    },
    async addFromDir(dir) {
      const wheel = await buildWheelFromDir(dir)
      addWheel(wheel)
      return { filename: wheel.filename, sha256: wheel.sha256 }
    },
    corrupt(filename) {
      const d = dists.get(filename)
      if (!d) throw new Error(`pypi server: no file ${filename}`)
      // Flip one byte in the middle: same length, so only a hash check can tell.
      const bad = d.served.slice()
      bad[bad.length >> 1] ^= 0xff
      d.served = bad
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
