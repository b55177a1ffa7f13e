// Requirements → exact wheels for Pyodide. Greedy, breadth-first: the first decision for a name
// wins (top-level requirements are decided before anything they pull in), and any later
// specifier it fails is a conflict naming both requesters. Pyodide's own builds come first.
import { satisfies } from '@renovatebot/pep440'
import { AppError } from '../shared/errors'
import {
  HttpError, IndexUnreachableError, NoBrowserWheelError, PackageNotFoundError,
  UnsatisfiablePinError, type Wish,
} from './errors'
import type { Fetcher } from './fetcher'
import { chooseRelease, readIndexProject, type IndexProject } from './indexProject'
import { evaluateMarker } from './markers'
import { normalizeName } from './names'
import type { PyodideLock } from './pyodideLock'
import { parseRequirement, type Requirement } from './requirement'
import { decideLocated } from './located'

export type PackageSource = 'pyodide' | 'index' | 'repo'

export interface ResolvedPackage {
  name: string
  version: string
  source: PackageSource
  filename?: string   // for 'pyodide': relative to Pyodide's package base URL
  url?: string        // for 'index'
  path?: string       // for 'repo': relative to the repository root
  sha256?: string
  requestedBy: string[] // 'requirements.txt:3' for a line, 'name==version' for a dependency
}

export interface ResolvedEnv { packages: ResolvedPackage[] }

export type ResolveProgress =
  | { phase: 'query'; name: string }
  | { phase: 'chosen'; name: string; version: string; source: PackageSource }

export interface ResolveIo {
  lock: PyodideLock
  index: Fetcher
  indexUrl: string // base of a PyPI JSON API, e.g. 'https://pypi.org'
  onProgress?: (p: ResolveProgress) => void
  signal?: AbortSignal
}

interface Wanted { req: Requirement; by: string }
interface Decision { pkg: ResolvedPackage; wishes: Wish[]; extras: Set<string>; requiresDist?: string[] }

const label = (p: ResolvedPackage) => `${p.name}==${p.version}`
const named = (name: string, file: string): Requirement =>
  ({ name, normalized: name, extras: [], specifier: '', line: 0, file })

export async function resolveEnv(reqs: Requirement[], io: ResolveIo): Promise<ResolvedEnv> {
  const base = io.indexUrl.replace(/\/+$/, '')
  const chosen = new Map<string, Decision>()
  const queue: Wanted[] = reqs.filter((r) => !r.marker || evaluateMarker(r.marker))
    .map((req) => ({ req, by: `${req.file}:${req.line}` }))

  async function fetchProject(name: string, version: string | undefined, by: string[]): Promise<IndexProject> {
    const path = version === undefined ? name : `${name}/${encodeURIComponent(version)}`
    const url = `${base}/pypi/${path}/json`
    io.onProgress?.({ phase: 'query', name })
    let json: unknown
    try {
      json = await io.index.json(url, io.signal)
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) throw new PackageNotFoundError(name, io.indexUrl, by)
      if (err instanceof AppError || io.signal?.aborted) throw err
      throw new IndexUnreachableError(url, err instanceof Error ? err.message : String(err))
    }
    const project = readIndexProject(json)
    if (!project) throw new IndexUnreachableError(url, 'the answer is not PyPI JSON')
    return project
  }

  // Queue the dependencies whose markers hold for one of `extras` but for none of `skip`.
  function enqueueDeps(requiresDist: string[], extras: string[], skip: string[], by: string): void {
    for (const text of requiresDist) {
      const dep = parseRequirement(text, { file: `${by} metadata`, line: 0, text })
      const holds = (extra: string) => !dep.marker || evaluateMarker(dep.marker, { extra })
      if (extras.some(holds) && !skip.some(holds)) queue.push({ req: dep, by })
    }
  }

  // Extras asked for after (or with) the decision add the dependencies only they enable (PEP 508).
  async function addExtras(d: Decision, extras: string[]): Promise<void> {
    const fresh = extras.filter((e) => !d.extras.has(e))
    if (fresh.length === 0) return
    d.requiresDist ??= (await fetchProject(normalizeName(d.pkg.name), d.pkg.version, d.pkg.requestedBy)).requiresDist
    enqueueDeps(d.requiresDist, fresh, ['', ...d.extras], label(d.pkg))
    for (const e of fresh) d.extras.add(e)
  }

  function accept(d: Decision, req: Requirement, by: string): void {
    const where = req.url ?? req.path
    const wish = { requestedBy: by, specifier: where ? ` @ ${where}` : req.specifier }
    if (where !== undefined && where !== (d.pkg.url ?? d.pkg.path)) {
      throw new UnsatisfiablePinError(req.name, [...d.wishes, wish], 'asked for from two places')
    }
    if (req.specifier && !satisfies(d.pkg.version, req.specifier, { prereleases: true })) {
      throw new UnsatisfiablePinError(req.name, [...d.wishes, wish],
        `${d.pkg.version} (${d.pkg.source}) was chosen first`)
    }
    d.wishes.push(wish)
    if (!d.pkg.requestedBy.includes(by)) d.pkg.requestedBy.push(by)
  }

  async function decide(req: Requirement, by: string, wishes: Wish[]): Promise<Decision> {
    if (req.url !== undefined || req.path !== undefined) {
      return { pkg: decideLocated(req, by), wishes, extras: new Set(), requiresDist: [] }
    }
    const specifier = wishes.map((w) => w.specifier).filter((s) => s !== '').join(',')
    const locked = io.lock.packages[req.normalized]
    if (locked && satisfies(locked.version, specifier, { prereleases: true })) {
      const pkg: ResolvedPackage = { name: locked.name, version: locked.version, source: 'pyodide',
        filename: locked.fileName, sha256: locked.sha256, requestedBy: [by] }
      for (const dep of locked.depends) queue.push({ req: named(dep, label(pkg)), by: label(pkg) })
      return { pkg, wishes, extras: new Set() }
    }
    const project = await fetchProject(req.normalized, undefined, [by])
    const choice = chooseRelease(project, specifier)
    if (!choice.ok && choice.reason === 'no-version') {
      throw new UnsatisfiablePinError(req.name, wishes,
        `no release matches (newest: ${choice.available.join(', ') || 'none'})`)
    }
    if (!choice.ok) throw new NoBrowserWheelError(`${req.name} ${choice.version}`, choice.found, [by])
    const requiresDist = choice.version === project.version ? project.requiresDist
      : (await fetchProject(req.normalized, choice.version, [by])).requiresDist
    const pkg: ResolvedPackage = { name: project.name, version: choice.version, source: 'index',
      filename: choice.file.filename, url: choice.file.url, sha256: choice.file.sha256, requestedBy: [by] }
    enqueueDeps(requiresDist, [''], [], label(pkg))
    return { pkg, wishes, extras: new Set(), requiresDist }
  }

  for (let i = 0; i < queue.length; i++) {
    io.signal?.throwIfAborted()
    const { req, by } = queue[i]
    const existing = chosen.get(req.normalized)
    if (existing) {
      accept(existing, req, by)
      await addExtras(existing, req.extras)
      continue
    }
    // Wishes already queued for the same name shape the first decision, so that
    // `a>=1` then `a<2` picks one version both accept instead of failing on the second.
    const pending = queue.slice(i + 1)
      .filter((w) => w.req.normalized === req.normalized && w.req.url === undefined && w.req.path === undefined)
    const wishes = [req, ...pending.map((w) => w.req)].map((r, k) =>
      ({ requestedBy: k === 0 ? by : pending[k - 1].by, specifier: r.specifier }))
    const decision = await decide(req, by, wishes)
    decision.wishes = [wishes[0]] // the rest are checked and recorded when their turn comes
    chosen.set(req.normalized, decision)
    io.onProgress?.({ phase: 'chosen', name: decision.pkg.name, version: decision.pkg.version, source: decision.pkg.source })
    await addExtras(decision, req.extras)
  }
  return { packages: [...chosen.values()].map((d) => d.pkg) }
}
