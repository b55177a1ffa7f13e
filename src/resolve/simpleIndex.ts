// The JSON form of the simple repository API (PEP 691; PEP 700 adds `versions`), checked once at
// the edge into the same IndexProject the PyPI JSON API gives. File URLs may be relative to the
// project page. A file whose metadata the index serves separately (PEP 658, spelled
// `core-metadata` since PEP 714) lets the resolver read dependencies without the wheel.
// https://peps.python.org/pep-0691/ https://peps.python.org/pep-0658/ https://peps.python.org/pep-0714/
import { coreMetadataOf, type IndexFile, type IndexProject } from './indexProject'
import { parseWheelFilename } from './wheelTags'

export const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json'

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x)
const optStr = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined)

const SDIST = /^(.+?)-(\d[^-]*?)\.(tar\.gz|tar\.bz2|tar\.xz|tgz|zip)$/

/** The version a file name carries (a wheel's, or an sdist's `name-version.tar.gz`). */
export function fileVersion(filename: string): string | undefined {
  return parseWheelFilename(filename)?.version ?? SDIST.exec(filename)?.[2]
}

// PEP 714: `core-metadata`, formerly `data-dist-info-metadata`; warehouse writes both, the same.
const metadataOf = (f: Obj) => coreMetadataOf(f['core-metadata'] ?? f['data-dist-info-metadata'])

function readFile(f: unknown, pageUrl: string): IndexFile | null {
  if (!isObj(f) || typeof f.filename !== 'string' || typeof f.url !== 'string') return null
  let url: string
  try {
    url = new URL(f.url, pageUrl).href
  } catch {
    return null
  }
  if (!/^https?:/.test(url)) return null // a file is downloaded, never navigated to or run
  return {
    filename: f.filename,
    url,
    sha256: isObj(f.hashes) ? optStr(f.hashes.sha256) : undefined,
    isYanked: f.yanked === true || (typeof f.yanked === 'string' && f.yanked !== ''),
    requiresPython: optStr(f['requires-python']),
    ...metadataOf(f),
  }
}

/** Typed view of a PEP 691 project page, or null when it is not that shape. `requiresDist` is
 *  null: the simple API gives no metadata, so dependencies come per file (simpleMetadataUrl). */
export function readSimpleProject(json: unknown, pageUrl: string): IndexProject | null {
  if (!isObj(json) || !isObj(json.meta) || typeof json.name !== 'string' || !Array.isArray(json.files)) return null
  // PEP 629: a client must refuse a major API version it does not know.
  const apiVersion = json.meta['api-version']
  if (typeof apiVersion === 'string' && !/^1(\.|$)/.test(apiVersion)) return null
  const releases: Record<string, IndexFile[]> = {}
  for (const raw of json.files) {
    const file = readFile(raw, pageUrl)
    const version = file && fileVersion(file.filename)
    if (file && version) (releases[version] ??= []).push(file)
  }
  return { name: json.name, version: '', requiresDist: null, releases }
}

/** PEP 658: the metadata file sits at the distribution's URL plus `.metadata` (before any fragment). */
export function simpleMetadataUrl(fileUrl: string): string {
  const u = new URL(fileUrl)
  u.hash = ''
  u.pathname += '.metadata'
  return u.href
}
