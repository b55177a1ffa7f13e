// Several package indexes read as one, as pip does with `--index-url` plus `--extra-index-url`:
// each index is asked in parallel and a project's releases are the union of their answers.
//
// For a version more than one index offers we keep the files of the first index in order (the
// primary, then the extras as written) and never mix files across indexes. pip instead merges
// every candidate and picks the "best" file from any index, which is the dependency-confusion
// hole (anyone can upload `internal-pkg 99.0` to PyPI); uv's default `first-index` strategy stops
// at the first index that has the project at all. Taking the first index per version sits
// between them: a private index's builds win for every version it has, and packages or versions
// only a later index has still resolve, which is what an author who writes `--extra-index-url` expects.
// https://pip.pypa.io/en/stable/cli/pip_install/#finding-packages
// https://docs.astral.sh/uv/concepts/indexes/#searching-across-multiple-indexes
import { AppError } from '../shared/errors'
import { PackageNotFoundError } from './errors'
import type { IndexFile, IndexProject } from './indexProject'
import { createIndexSource, indexApiOf, type IndexApi, type IndexSource, type IndexSourceIo } from './indexSource'

/** An index that gave no answer while another did: the resolve goes on without it, and says so. */
export interface UnreachableIndex {
  indexUrl: string
  reason: string
}

export interface NamedSource {
  indexUrl: string
  source: IndexSource
}

/** One index to read from; `indexApi` is told from the URL when not given (indexApiOf). */
export interface IndexRef {
  indexUrl: string
  indexApi?: IndexApi
}

interface Answer {
  source: IndexSource
  project: IndexProject
}

const isUnreachable = (e: unknown): e is AppError => e instanceof AppError && e.code === 'INDEX_UNREACHABLE'

/** One IndexSource over `sources` (primary first). `onUnreachable` hears of each index that
 *  failed while another answered; when none answers, the first failure is thrown. */
export function createMultiIndexSource(
  sources: NamedSource[],
  onUnreachable: (u: UnreachableIndex) => void,
): IndexSource {
  // Which index (and which of its answers) supplied each version of a merged project, so a
  // release's dependencies are read from the index whose files were chosen.
  const origins = new WeakMap<IndexProject, { byVersion: Map<string, Answer>; first: Answer }>()

  async function project(name: string, by: string[]): Promise<IndexProject> {
    const answers = await Promise.allSettled(sources.map((s) => s.source.project(name, by)))
    const found: Answer[] = []
    const unreachable: Array<{ indexUrl: string; error: AppError }> = []
    for (const [i, a] of answers.entries()) {
      if (a.status === 'fulfilled') found.push({ source: sources[i].source, project: a.value })
      else if (isUnreachable(a.reason)) unreachable.push({ indexUrl: sources[i].indexUrl, error: a.reason })
      else if (!(a.reason instanceof PackageNotFoundError)) throw a.reason // an abort, a bug: not the index's absence
    }
    // With no answer at all, a project missing from the indexes that did reply may well be on the one that did not.
    if (found.length === 0 && unreachable.length > 0) throw unreachable[0].error
    if (found.length === 0) throw new PackageNotFoundError(name, sources.map((s) => s.indexUrl).join(' or '), by)
    // The error's own reason ('Failed to fetch'), not its message, which repeats the URL.
    for (const { indexUrl, error } of unreachable) {
      onUnreachable({ indexUrl, reason: typeof error.data.reason === 'string' ? error.data.reason : error.message })
    }

    const releases: Record<string, IndexFile[]> = {}
    const byVersion = new Map<string, Answer>()
    for (const answer of found) {
      const extra =
        answer.source === sources[0].source ? undefined : sources.find((x) => x.source === answer.source)?.indexUrl
      for (const [version, files] of Object.entries(answer.project.releases)) {
        if (byVersion.has(version)) continue // an earlier index has this version: first index wins
        releases[version] = extra ? files.map((f) => ({ ...f, extraIndex: extra })) : files
        byVersion.set(version, answer)
      }
    }
    // `version`/`requiresDist` describe one index's newest release; a merged project has no such
    // single answer, so it looks like a simple index's (dependencies come per release below).
    const merged: IndexProject = { name: found[0].project.name, version: '', requiresDist: null, releases }
    origins.set(merged, { byVersion, first: found[0] })
    return merged
  }

  const multi: IndexSource = {
    project,
    async requiresDist(merged, name, version, by, file) {
      const origin = origins.get(merged)
      if (!origin) throw new AppError('INTERNAL', `${name}: a project this index source did not return`, { name })
      // A version no index listed (a lock package's extras): the first index that answered says
      // what it would say alone (for the JSON API, a version-specific query).
      const from = origin.byVersion.get(version) ?? origin.first
      return from.source.requiresDist(from.project, name, version, by, file)
    },
    releaseRequiresDist: async (name, version, by) => multi.requiresDist(await project(name, by), name, version, by),
  }
  return multi
}

/** The resolver's index: `io`'s own, or with `extraIndexes` all of them as one. Every index shares
 *  `cache` (answers by URL), so backtracking attempts and a second resolve ask nothing twice. */
export function createIndexSources(
  io: IndexSourceIo & { extraIndexes?: IndexRef[] },
  cache: Map<string, Promise<unknown>>,
  onUnreachable: (u: UnreachableIndex) => void,
): IndexSource {
  const primary = createIndexSource(io, cache)
  const extras = (io.extraIndexes ?? []).filter((x) => x.indexUrl !== io.indexUrl)
  if (extras.length === 0) return primary
  // One 'query' progress event per project, not one per index.
  const more = extras.map((x) => ({
    indexUrl: x.indexUrl,
    source: createIndexSource(
      { ...io, indexUrl: x.indexUrl, indexApi: x.indexApi ?? indexApiOf(x.indexUrl), onQuery: undefined },
      cache,
    ),
  }))
  return createMultiIndexSource([{ indexUrl: io.indexUrl, source: primary }, ...more], onUnreachable)
}
