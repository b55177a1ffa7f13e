// Where the resolver reads a project's releases and a release's dependencies, as pip does: the JSON
// simple API (PEP 691, `/simple/<name>/`, the default) with PEP 658 `.metadata` files, so
// dependencies are read without downloading wheels, and the wheel's own METADATA when the index
// has no metadata file. The PyPI JSON API (`/pypi/<name>/json`) is a configured fallback. Answers are cached per
// URL across backtracking attempts. One index per source; multiIndex.ts joins several.
import { AppError } from '../shared/errors'
import { parseCoreMetadata, wheelMetadata } from './coreMetadata'
import { verifySha256, wheelBytesKey } from './download'
import { HttpError, IndexUnreachableError, PackageNotFoundError } from './errors'
import type { BytesFetcher, Fetcher } from './fetcher'
import { chooseRelease, readIndexProject, type IndexFile, type IndexProject } from './indexProject'
import { readSimpleProject, SIMPLE_JSON, simpleMetadataUrl } from './simpleIndex'

export type IndexApi = 'json' | 'simple'

/** pip's convention: an index URL ending in `/simple` (or devpi's `+simple`) is a simple index. */
export function indexApiOf(indexUrl: string): IndexApi {
  return /(\/|\+)simple\/?$/.test(indexUrl) ? 'simple' : 'json'
}

export interface IndexSource {
  project(name: string, by: string[]): Promise<IndexProject>
  /** Requires-Dist of one release of a project `project()` returned (of `file` when given). */
  requiresDist(project: IndexProject, name: string, version: string, by: string[], file?: IndexFile): Promise<string[]>
  /** Requires-Dist of `name==version` when the project was not fetched (extras of a lock package). */
  releaseRequiresDist(name: string, version: string, by: string[]): Promise<string[]>
}

export interface IndexSourceIo {
  index: Fetcher & Partial<BytesFetcher>
  indexUrl: string
  indexApi?: IndexApi
  signal?: AbortSignal
  onQuery?: (name: string) => void
}

export function createIndexSource(io: IndexSourceIo, cache: Map<string, Promise<unknown>>): IndexSource {
  const base = io.indexUrl.replace(/\/+$/, '')
  const api = io.indexApi ?? indexApiOf(io.indexUrl)

  async function get<T>(url: string, name: string, by: string[], load: () => Promise<T>, key = url): Promise<T> {
    let answer = cache.get(key)
    if (answer === undefined) {
      answer = load()
      cache.set(key, answer)
    }
    try {
      return await (answer as Promise<T>)
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) throw new PackageNotFoundError(name, io.indexUrl, by)
      if (err instanceof AppError || io.signal?.aborted) throw err
      throw new IndexUnreachableError(url, err instanceof Error ? err.message : String(err))
    }
  }

  const jsonProject = async (name: string, version: string | undefined, by: string[]) => {
    const url = `${base}/pypi/${version === undefined ? name : `${name}/${encodeURIComponent(version)}`}/json`
    io.onQuery?.(name)
    const project = readIndexProject(await get(url, name, by, () => io.index.json(url, io.signal)))
    if (!project) throw new IndexUnreachableError(url, 'the answer is not PyPI JSON')
    return project
  }

  // What pip reads: the file's METADATA, from the PEP 658 `.metadata` file when the index serves
  // one, else from the wheel itself (kept verified in `cache` under its URL and sha256, so that
  // downloadWheel reuses these bytes instead of fetching the wheel again).
  async function fileRequiresDist(file: IndexFile, name: string, by: string[]): Promise<string[]> {
    const fetchBytes = io.index.fetchBytes?.bind(io.index)
    if (!fetchBytes) throw new IndexUnreachableError(file.url, 'this index client cannot read metadata files or wheels')
    if (file.coreMetadata) {
      const url = simpleMetadataUrl(file.url)
      const bytes = await get(url, name, by, () => fetchBytes(url))
      if (file.coreMetadata.sha256) await verifySha256(bytes, file.coreMetadata.sha256, url)
      return parseCoreMetadata(new TextDecoder().decode(bytes), url).requiresDist
    }
    const key = file.sha256 ? wheelBytesKey(file.url, file.sha256) : file.url
    const load = async () => {
      const bytes = await fetchBytes(file.url)
      if (file.sha256) await verifySha256(bytes, file.sha256, file.url)
      return bytes
    }
    return wheelMetadata(await get(file.url, name, by, load, key), file.url).requiresDist
  }

  // The file `requiresDist` reads when the caller chose none: the wheel chooseRelease would take.
  function wheelOf(project: IndexProject, name: string, version: string): IndexFile {
    const choice = chooseRelease(project, `===${version}`)
    if (!choice.ok)
      throw new AppError('INTERNAL', `${name} ${version}: no browser wheel to read metadata from`, { name, version })
    return choice.file
  }

  if (api === 'json') {
    // The JSON API is a configured fallback. Its `requires_dist` is used when it lists something;
    // null (no dependencies, or metadata the upload lacked) sends us to the file's METADATA.
    const json: IndexSource = {
      project: (name, by) => jsonProject(name, undefined, by),
      async requiresDist(project, name, version, by, chosen) {
        if (version === project.version && project.requiresDist !== null) return project.requiresDist
        if (chosen?.coreMetadata) return fileRequiresDist(chosen, name, by)
        const release = version === project.version ? project : await jsonProject(name, version, by)
        if (release.requiresDist !== null) return release.requiresDist
        return fileRequiresDist(chosen ?? wheelOf(release, name, version), name, by)
      },
      releaseRequiresDist: async (name, version, by) =>
        json.requiresDist(await jsonProject(name, version, by), name, version, by),
    }
    return json
  }

  const simple: IndexSource = {
    async project(name, by) {
      const url = `${base}/${name}/`
      io.onQuery?.(name)
      const project = readSimpleProject(
        await get(url, name, by, () => io.index.json(url, io.signal, { accept: SIMPLE_JSON })),
        url,
      )
      if (!project) throw new IndexUnreachableError(url, 'the answer is not the JSON simple API (PEP 691)')
      return project
    },
    requiresDist: (project, name, version, by, chosen) =>
      fileRequiresDist(chosen ?? wheelOf(project, name, version), name, by),
    releaseRequiresDist: async (name, version, by) =>
      simple.requiresDist(await simple.project(name, by), name, version, by),
  }
  return simple
}
