// Resolve what the environment files declare, then add what the notebooks import but nobody
// declared, when Pyodide's lock builds it (src/spec/undeclaredImports.ts). Shared by the launch
// worker and `quire check`, so both report the same additions.
import {
  normalizeName, resolveEnv, type BytesFetcher, type Fetcher, type PyodideLock, type Requirement, type RequirementOption, type ResolvedEnv,
} from '../resolve'
import { undeclaredImports, type AddedImport, type EnvSpec } from '../spec'

export interface ImportResolveIo { index: Fetcher & Partial<BytesFetcher>; indexUrl: string; signal?: AbortSignal }

/** pip's convention: `--index-url` in a requirements file names a simple index, which replaces the configured one. */
export function chosenIndex(options: RequirementOption[], indexUrl: string): { indexUrl: string; indexApi?: 'simple' } {
  const given = options.find((o) => o.kind === 'index-url')
  return given ? { indexUrl: given.value, indexApi: 'simple' } : { indexUrl }
}

const EMPTY: ResolvedEnv = { packages: [], drift: [], problems: [] }

/** `uses`: module → notebooks importing it (notebookImports); declared requirements keep their order. */
export async function resolveWithImports(spec: Pick<EnvSpec, 'requirements' | 'constraints' | 'options'>, uses: Map<string, string[]>,
  lock: PyodideLock, io: ImportResolveIo): Promise<{ resolved: ResolvedEnv; added: AddedImport[] }> {
  const { requirements: reqs, constraints } = spec
  const opts = { lock, index: io.index, ...chosenIndex(spec.options, io.indexUrl), signal: io.signal, constraints, isCollectingProblems: true,
    cache: new Map<string, Promise<unknown>>() }
  const declared = reqs.length > 0 ? await resolveEnv(reqs, opts) : EMPTY
  // A declared package (or one it pulls in) that provides the module covers the import.
  const added = undeclaredImports(uses, lock, new Set(declared.packages.map((p) => normalizeName(p.name))))
  if (added.length === 0) return { resolved: declared, added }
  const extra = added.map((a): Requirement => ({ name: a.pkg, normalized: normalizeName(a.pkg), extras: [], specifier: '', line: 0, file: a.files[0] }))
  // Resolved again as one set; the declared packages' index answers come from the shared cache.
  return { resolved: await resolveEnv([...reqs, ...extra], opts), added }
}
