// `quire check`'s core, with no I/O of its own: the same spec reader, resolver and verdict the
// launch worker uses, so a repository's CI sees what its badge will do.
import type { BytesFetcher, Fetcher, IndexRef, PyodideLock, ResolvedPackage } from '../resolve'
import { envVerdict } from '../prepare/envVerdict'
import type { REnvRecord } from '../resolve-r'
import { toLockFile, type LockFileJson } from '../prepare/lockFile'
import { resolveWithImports, unreachableReasons } from '../prepare/resolveWithImports'
import { findNotebooks } from '../repo'
import {
  findEnvFiles,
  notebookImports,
  readEnvSpec,
  verdictOf,
  type EnvKind,
  type ReadFile,
  type Verdict,
} from '../environment'

export interface CheckIo {
  lock(): Promise<PyodideLock>
  index: Fetcher & Partial<BytesFetcher>
  indexUrl: string
  /** `--extra-index-url`s; a requirements file's own are added after them (chosenIndexes). */
  extraIndexes?: IndexRef[]
  isStrict?: boolean
  pyodideVersion: string
}

export interface CheckResult {
  verdict: Verdict
  envKind: EnvKind
  /** source 'webr': an R package from webR's repository (checkR.ts). */
  packages: Array<
    Pick<ResolvedPackage, 'name' | 'version'> & {
      source: ResolvedPackage['source'] | 'webr'
      asked?: string
      url?: string
    }
  >
  lock?: LockFileJson
  /** The R side, when the repository declares R packages (checkR.ts). */
  r?: REnvRecord
}

/** `paths`: every file of the repository, relative to its root. */
export async function checkRepo(paths: string[], read: ReadFile, io: CheckIo): Promise<CheckResult> {
  const spec = await readEnvSpec(findEnvFiles(paths), read)
  // A Dockerfile (or Nix, …) replaces the Python environment: there is nothing to resolve.
  const isReplaced = ['dockerfile', 'nix'].includes(spec.kind)
  // The notebooks the launch reads imports from (repoImports: findNotebooks skips hidden folders
  // such as .ipynb_checkpoints), so the check adds what the launch adds.
  const notebooks = isReplaced
    ? []
    : await Promise.all(
        findNotebooks(paths.map((path) => ({ path }))).map(async (path) => ({ path, text: await read(path) })),
      )
  const uses = notebookImports(notebooks, paths)
  if ((spec.requirements.length === 0 && uses.size === 0) || isReplaced) {
    return { verdict: verdictOf(spec.reasons), envKind: spec.kind, packages: [] }
  }
  const lock = await io.lock()
  const { resolved: env, added } = await resolveWithImports(spec, uses, lock, io)
  const asked = new Map(env.drift.map((d) => [d.name, d.asked]))
  return {
    verdict: envVerdict(
      [...spec.reasons, ...unreachableReasons(env, spec.options)],
      env.drift,
      env.problems,
      io.isStrict === true,
      added,
    ),
    envKind: spec.kind,
    packages: env.packages.map((p) => ({
      name: p.name,
      version: p.version,
      source: p.source,
      ...(asked.has(p.name) ? { asked: asked.get(p.name) } : {}),
      ...(p.url ? { url: p.url } : {}),
    })),
    lock: toLockFile(env.packages, lock.info, io.pyodideVersion, lock.packages),
  }
}
