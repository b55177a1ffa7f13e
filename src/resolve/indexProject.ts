// PyPI's JSON API (`/pypi/<name>/json`, `/pypi/<name>/<version>/json`), checked once at the edge,
// and the choice of a release with a wheel Pyodide can install. Quire reads it only when it is
// configured instead of the simple API (PEP 691, the default, as pip reads).
// `info.requires_dist` is null both for "no dependencies" and for a release whose upload carried no
// metadata although its wheel declares dependencies (warehouse's legacy/api/json.py writes
// `list(release.requires_dist) if release.requires_dist else None`; pypi/warehouse#474, #11587):
// null is kept as null, and the resolver then reads the wheel's METADATA (indexSource.ts).
// https://docs.pypi.org/api/json/
import { filter, maxSatisfying, rcompare, satisfies, valid, validRange } from '@renovatebot/pep440'
import { PYODIDE_MARKER_ENV } from './markers'
import { parseWheelFilename, wheelRank } from './wheelTags'

export interface IndexFile {
  filename: string
  url: string
  sha256?: string
  isYanked: boolean
  requiresPython?: string
  /** PEP 658/714: the index serves this file's METADATA at `<url>.metadata` (with its sha256 when given). */
  coreMetadata?: { sha256?: string }
  /** Set by multiIndex.ts on files an extra index (not the primary) listed: its URL, shown beside the package. */
  extraIndex?: string
}

export interface IndexProject {
  name: string
  version: string // the newest release, whose metadata `info` describes ('' from a simple index)
  /** Requires-Dist of `version` as the index states it; null when it does not (a simple index, or
   *  the JSON API's `requires_dist: null`): then only the release's METADATA can say. */
  requiresDist: string[] | null
  releases: Record<string, IndexFile[]> // a version-specific answer: its `urls`, under that version
}

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x)
const optStr = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined)

function readFile(f: unknown): IndexFile | null {
  if (!isObj(f) || typeof f.filename !== 'string' || typeof f.url !== 'string' || !/^https?:\/\//i.test(f.url))
    return null
  return {
    filename: f.filename,
    url: f.url,
    sha256: isObj(f.digests) ? optStr(f.digests.sha256) : undefined,
    // PEP 592: `yanked` is true or a reason string in some mirrors.
    isYanked: f.yanked === true || (typeof f.yanked === 'string' && f.yanked !== ''),
    requiresPython: optStr(f.requires_python),
    ...coreMetadataOf(f['core-metadata']),
  }
}

/** PEP 658/714 as warehouse writes it: `{"sha256": …}` when the metadata file exists, else `false`
 *  (some indexes write `true`). The simple API also repeats it under `data-dist-info-metadata`. */
export function coreMetadataOf(m: unknown): Pick<IndexFile, 'coreMetadata'> {
  if (m === true) return { coreMetadata: {} }
  if (isObj(m)) return { coreMetadata: { sha256: optStr(m.sha256) } }
  return {}
}

/** Typed view of an index answer, or null when it is not the PyPI JSON shape. */
export function readIndexProject(json: unknown): IndexProject | null {
  if (!isObj(json) || !isObj(json.info)) return null
  const { name, version, requires_dist: dist } = json.info
  if (typeof name !== 'string' || typeof version !== 'string') return null
  const releases: Record<string, IndexFile[]> = {}
  if (isObj(json.releases)) {
    for (const [v, files] of Object.entries(json.releases)) {
      if (Array.isArray(files)) releases[v] = files.map(readFile).filter((f) => f !== null)
    }
  } else if (Array.isArray(json.urls)) {
    // `/pypi/<name>/<version>/json` has no `releases` (warehouse's all_releases=False), only its own files.
    releases[version] = json.urls.map(readFile).filter((f) => f !== null)
  }
  const requiresDist = Array.isArray(dist) ? dist.filter((d) => typeof d === 'string') : null
  return { name, version, requiresDist, releases }
}

function fitsPython(requiresPython: string | undefined): boolean {
  // pip ignores an unparsable Requires-Python (old uploads have e.g. '>=3.6.*').
  if (!requiresPython || !validRange(requiresPython)) return true
  return satisfies(PYODIDE_MARKER_ENV.python_full_version, requiresPython, { prereleases: true })
}

/** The best wheel of a release for Pyodide (lowest tag rank), or null. */
function bestWheel(files: IndexFile[], isYankedOk: boolean): IndexFile | null {
  let best: { file: IndexFile; rank: number } | null = null
  for (const file of files) {
    if (file.isYanked && !isYankedOk) continue
    const wheel = parseWheelFilename(file.filename)
    const rank = wheel && fitsPython(file.requiresPython) ? wheelRank(wheel) : null
    if (rank !== null && (best === null || rank < best.rank)) best = { file, rank }
  }
  return best?.file ?? null
}

// Why a file that looks usable was passed over, for the NO_BROWSER_WHEEL message.
function describe(file: IndexFile): string {
  if (file.isYanked) return `${file.filename} (yanked)`
  if (!fitsPython(file.requiresPython)) return `${file.filename} (requires Python ${file.requiresPython})`
  return file.filename
}

export type ReleaseChoice =
  | { ok: true; version: string; file: IndexFile }
  | { ok: false; reason: 'no-version'; available: string[] }
  | { ok: false; reason: 'no-wheel'; version: string; found: string[] }

// pip: pre-releases only when the specifier names one (the library does that) or nothing else fits.
function newest(versions: string[], specifier: string): string | null {
  return maxSatisfying(versions, specifier) ?? maxSatisfying(versions, specifier, { prereleases: true })
}

/** Highest version satisfying `specifier` that has a wheel Pyodide can install. Yanked files count
 *  only for an exact `==` pin (PEP 592). */
export function chooseRelease(project: IndexProject, specifier: string): ReleaseChoice {
  const versions = Object.keys(project.releases).filter((v) => valid(v) !== null)
  const isExactPin = /^===?[^,*]+$/.test(specifier)
  for (const isYankedOk of isExactPin ? [false, true] : [false]) {
    const usable = versions.filter((v) => bestWheel(project.releases[v], isYankedOk) !== null)
    const version = newest(usable, specifier)
    const file = version === null ? null : bestWheel(project.releases[version], isYankedOk)
    if (version !== null && file !== null) return { ok: true, version, file }
  }
  const matching = filter(versions, specifier, { prereleases: true })
  const version = newest(matching, specifier)
  if (version === null) {
    return { ok: false, reason: 'no-version', available: [...versions].sort(rcompare).slice(0, 10) }
  }
  return { ok: false, reason: 'no-wheel', version, found: project.releases[version].map(describe) }
}
