// Resolve what the environment files declare, then add what the notebooks import but nobody
// declared, when Pyodide's lock builds it (src/environment/undeclaredImports.ts). Shared by the launch
// worker and `quire check`, so both report the same additions.
import {
  normalizeName,
  resolveEnv,
  type BytesFetcher,
  type Fetcher,
  type IndexRef,
  type PyodideLock,
  type Requirement,
  type RequirementOption,
  type ResolvedEnv,
} from '../resolve'
import { undeclaredImports, type AddedImport, type EnvSpec, type Reason } from '../environment'

export interface ImportResolveIo {
  index: Fetcher & Partial<BytesFetcher>
  indexUrl: string
  /** Extra indexes configured outside the repository (`quire check --extra-index-url`). */
  extraIndexes?: IndexRef[]
  signal?: AbortSignal
  /** Answers by URL, shared with the downloads that follow (a wheel read for its metadata is reused). */
  cache?: Map<string, Promise<unknown>>
}

export interface ChosenIndexes {
  indexUrl: string
  indexApi?: 'simple'
  extraIndexes: IndexRef[]
}

/**
 * The indexes a resolve reads, pip's way: a requirements file's `--index-url` (the last one, as
 * pip's option parsing keeps) replaces the configured index; each `--extra-index-url` is asked
 * too, after the configured extras, in the order written (included `-r` files count, in reading
 * order). pip treats every URL in a requirements file as a simple index. One simplification: pip
 * also drops extras named before a file's `--index-url`; here they are kept.
 */
export function chosenIndexes(
  options: RequirementOption[],
  indexUrl: string,
  configuredExtras: IndexRef[] = [],
): ChosenIndexes {
  const given = options.filter((o) => o.kind === 'index-url').at(-1)
  const primary = given ? { indexUrl: given.value, indexApi: 'simple' as const } : { indexUrl }
  const fromFiles = options
    .filter((o) => o.kind === 'extra-index-url')
    .map((o): IndexRef => ({ indexUrl: o.value, indexApi: 'simple' }))
  const extraIndexes: IndexRef[] = []
  for (const x of [...configuredExtras, ...fromFiles]) {
    if (x.indexUrl !== primary.indexUrl && !extraIndexes.some((y) => y.indexUrl === x.indexUrl)) extraIndexes.push(x)
  }
  return { ...primary, extraIndexes }
}

/** One warning per index that did not answer while another did, at the line that named it. */
export function unreachableReasons(env: Pick<ResolvedEnv, 'unreachable'>, options: RequirementOption[] = []): Reason[] {
  return (env.unreachable ?? []).map((u): Reason => {
    const o = options.find((x) => (x.kind === 'extra-index-url' || x.kind === 'index-url') && x.value === u.indexUrl)
    return {
      level: 'warning',
      ...(o ? { file: `${o.file}:${o.line}` } : {}),
      text: `The package index ${u.indexUrl} could not be reached (${u.reason}); packages were taken from the other indexes only.`,
    }
  })
}

const EMPTY: ResolvedEnv = { packages: [], drift: [], problems: [] }

/** `uses`: module → notebooks importing it (notebookImports); declared requirements keep their order. */
export async function resolveWithImports(
  spec: Pick<EnvSpec, 'requirements' | 'constraints' | 'options'>,
  uses: Map<string, string[]>,
  lock: PyodideLock,
  io: ImportResolveIo,
): Promise<{ resolved: ResolvedEnv; added: AddedImport[] }> {
  const { requirements: reqs, constraints } = spec
  const opts = {
    lock,
    index: io.index,
    ...chosenIndexes(spec.options, io.indexUrl, io.extraIndexes),
    signal: io.signal,
    constraints,
    isCollectingProblems: true,
    cache: io.cache ?? new Map<string, Promise<unknown>>(),
  }
  const declared = reqs.length > 0 ? await resolveEnv(reqs, opts) : EMPTY
  // A declared package (or one it pulls in) that provides the module covers the import.
  const added = undeclaredImports(uses, lock, new Set(declared.packages.map((p) => normalizeName(p.name))))
  if (added.length === 0) return { resolved: declared, added }
  const extra = added.map((a): Requirement => ({
    name: a.pkg,
    normalized: normalizeName(a.pkg),
    extras: [],
    specifier: '',
    line: 0,
    file: a.files[0],
  }))
  // Resolved again as one set; the declared packages' index answers come from the shared cache.
  return { resolved: await resolveEnv([...reqs, ...extra], opts), added }
}
