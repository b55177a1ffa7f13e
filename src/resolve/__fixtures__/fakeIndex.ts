// An in-memory PyPI JSON API (https://docs.pypi.org/api/json/) for unit tests: project answers
// at /pypi/<name>/json and version answers at /pypi/<name>/<version>/json. As warehouse does
// (legacy/api/json.py), `requires_dist` is null for a release with no dependencies, and each
// wheel's METADATA is served at `<file URL>.metadata` (PEP 658), named by `core-metadata` on the file.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { HttpError } from '../errors'
import type { BytesFetcher, Fetcher } from '../fetcher'
import { normalizeName } from '../names'

export const INDEX_URL = 'https://pypi.test'

export interface ReleaseFixture {
  files: string[]
  requiresDist?: string[]
  yanked?: boolean
  requiresPython?: string
  /** The index serves no `.metadata` file for these files (`core-metadata: false`), as for old uploads. */
  hasNoMetadataFile?: boolean
}

/** The JSON PyPI answers for a project, plus each version's own `requires_dist`. */
export interface ProjectFixture {
  json: { info: { name: string; version: string; requires_dist: string[] | null }; releases: Record<string, unknown[]> }
  requiresDistByVersion: Record<string, string[] | null>
  /** `<file URL>.metadata` → that file's METADATA text. */
  metadataFiles: Map<string, string>
}

/** The METADATA a wheel of this release carries (core metadata 2.1). */
export function metadataText(name: string, version: string, r: Pick<ReleaseFixture, 'requiresDist' | 'requiresPython'>) {
  const lines = ['Metadata-Version: 2.1', `Name: ${name}`, `Version: ${version}`]
  if (r.requiresPython) lines.push(`Requires-Python: ${r.requiresPython}`)
  for (const d of r.requiresDist ?? []) lines.push(`Requires-Dist: ${d}`)
  return `${lines.join('\n')}\n\nA description.\n`
}

export const fakeSha256 = (filename: string) => createHash('sha256').update(filename).digest('hex')

/** Build a project; the last release listed is the newest (what `info` describes). */
export function project(name: string, releases: Record<string, ReleaseFixture>): ProjectFixture {
  const versions = Object.keys(releases)
  const latest = versions[versions.length - 1]
  const requiresDistByVersion: Record<string, string[] | null> = {}
  const json: ProjectFixture['json'] = { info: { name, version: latest, requires_dist: null }, releases: {} }
  const metadataFiles = new Map<string, string>()
  for (const [version, r] of Object.entries(releases)) {
    requiresDistByVersion[version] = r.requiresDist?.length ? r.requiresDist : null
    json.releases[version] = r.files.map((filename) => {
      const url = `https://files.pypi.test/${filename}`
      const metadata = metadataText(name, version, r)
      const hasMetadata = filename.endsWith('.whl') && r.hasNoMetadataFile !== true
      if (hasMetadata) metadataFiles.set(`${url}.metadata`, metadata)
      return {
        filename,
        url,
        digests: { sha256: fakeSha256(filename) },
        'core-metadata': hasMetadata ? { sha256: createHash('sha256').update(metadata).digest('hex') } : false,
        yanked: r.yanked ?? false,
        packagetype: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
        requires_python: r.requiresPython ?? null,
      }
    })
  }
  json.info.requires_dist = requiresDistByVersion[latest]
  return { json, requiresDistByVersion, metadataFiles }
}

export interface FakeIndex extends Fetcher, BytesFetcher { calls: string[] }

/** A Fetcher over the given projects; `isDown` makes every request fail as a network error. */
export function fakeIndex(projects: ProjectFixture[], options: { isDown?: boolean; garbage?: boolean } = {}): FakeIndex {
  const byName = new Map(projects.map((p) => [normalizeName(p.json.info.name), p]))
  const calls: string[] = []
  return {
    calls,
    async fetchBytes(url) {
      calls.push(url)
      if (options.isDown) throw new TypeError('fetch failed')
      const text = projects.map((p) => p.metadataFiles.get(url)).find((t) => t !== undefined)
      if (text === undefined) throw new HttpError(url, 404)
      return new TextEncoder().encode(text)
    },
    async json(url) {
      calls.push(url)
      if (options.isDown) throw new TypeError('fetch failed')
      if (options.garbage) return '<html>captive portal</html>'
      const m = /^https:\/\/pypi\.test\/pypi\/([^/]+)\/(?:([^/]+)\/)?json$/.exec(url)
      const p = m ? byName.get(normalizeName(m[1])) : undefined
      if (!m || !p) throw new HttpError(url, 404)
      const version = m[2] === undefined ? undefined : decodeURIComponent(m[2])
      if (version === undefined) return p.json
      if (!(version in p.requiresDistByVersion)) throw new HttpError(url, 404)
      return { info: { ...p.json.info, version, requires_dist: p.requiresDistByVersion[version] }, urls: p.json.releases[version] }
    },
  }
}

export function realLockJson(): unknown {
  const path = createRequire(import.meta.url).resolve('pyodide/pyodide-lock.json')
  return JSON.parse(readFileSync(path, 'utf8'))
}
