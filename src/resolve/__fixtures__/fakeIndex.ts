// An in-memory PyPI JSON API (https://docs.pypi.org/api/json/) for unit tests: project answers
// at /pypi/<name>/json and version answers at /pypi/<name>/<version>/json.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { HttpError } from '../errors'
import type { Fetcher } from '../fetcher'
import { normalizeName } from '../names'

export const INDEX_URL = 'https://pypi.test'

export interface ReleaseFixture {
  files: string[]
  requiresDist?: string[]
  yanked?: boolean
  requiresPython?: string
}

/** The JSON PyPI answers for a project, plus each version's own `requires_dist`. */
export interface ProjectFixture {
  json: { info: { name: string; version: string; requires_dist: string[] | null }; releases: Record<string, unknown[]> }
  requiresDistByVersion: Record<string, string[] | null>
}

export const fakeSha256 = (filename: string) => createHash('sha256').update(filename).digest('hex')

/** Build a project; the last release listed is the newest (what `info` describes). */
export function project(name: string, releases: Record<string, ReleaseFixture>): ProjectFixture {
  const versions = Object.keys(releases)
  const latest = versions[versions.length - 1]
  const requiresDistByVersion: Record<string, string[] | null> = {}
  const json: ProjectFixture['json'] = { info: { name, version: latest, requires_dist: null }, releases: {} }
  for (const [version, r] of Object.entries(releases)) {
    requiresDistByVersion[version] = r.requiresDist ?? null
    json.releases[version] = r.files.map((filename) => ({
      filename,
      url: `https://files.pypi.test/${filename}`,
      digests: { sha256: fakeSha256(filename) },
      yanked: r.yanked ?? false,
      packagetype: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
      requires_python: r.requiresPython ?? null,
    }))
  }
  json.info.requires_dist = requiresDistByVersion[latest]
  return { json, requiresDistByVersion }
}

export interface FakeIndex extends Fetcher { calls: string[] }

/** A Fetcher over the given projects; `isDown` makes every request fail as a network error. */
export function fakeIndex(projects: ProjectFixture[], options: { isDown?: boolean; garbage?: boolean } = {}): FakeIndex {
  const byName = new Map(projects.map((p) => [normalizeName(p.json.info.name), p]))
  const calls: string[] = []
  return {
    calls,
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
