// One pass of the resolver (see resolveEnv.ts): greedy, breadth-first. The first decision for a
// name wins (top-level requirements are decided before anything they pull in), and a later
// specifier it fails is a Conflict naming both requesters, for resolveEnv to backtrack on.
import { satisfies } from '@renovatebot/pep440'
import { AppError } from '../shared/errors'
import { NoBrowserWheelError, PackageNotFoundError, UnsatisfiablePinError, type Wish } from './errors'
import { chooseRelease, type IndexProject } from './indexProject'
import { createIndexSources, type UnreachableIndex } from './multiIndex'
import { checkHashes, decideLocated } from './located'
import { evaluateMarker } from './markers'
import { normalizeName } from './names'
import { parseRequirement, type Requirement } from './requirement'
import type { Drift, Problem, ResolvedEnv, ResolvedPackage, ResolveIo } from './resolveEnv'

interface Wanted {
  req: Requirement
  by: string
}
interface Decision {
  pkg: ResolvedPackage
  wishes: Wish[]
  extras: Set<string>
  requiresDist?: string[]
  isLocated?: boolean
}

const label = (p: ResolvedPackage) => `${p.name}==${p.version}`
const named = (name: string, file: string): Requirement => ({
  name,
  normalized: name,
  extras: [],
  specifier: '',
  line: 0,
  file,
})

/** What one attempt learned from the ones before it: versions ruled out, index answers so far. */
export interface AttemptState {
  exclusions: Map<string, Set<string>> // normalised name → versions not to choose again
  cache: Map<string, Promise<unknown>> // index URL → parsed JSON
}

/** A conflict, with the index decisions that may have caused it (most recent first). */
export class Conflict extends Error {
  constructor(
    readonly error: UnsatisfiablePinError,
    readonly culprits: Array<{ name: string; version: string }>,
  ) {
    super(error.message)
  }
}

export async function resolveAttempt(reqs: Requirement[], io: ResolveIo, state: AttemptState): Promise<ResolvedEnv> {
  const chosen = new Map<string, Decision>()
  const drift: Drift[] = []
  const problems: Problem[] = []
  const failed = new Set<string>()
  const constraints = (io.constraints ?? []).filter(
    (c) => c.specifier !== '' && (!c.marker || evaluateMarker(c.marker)),
  )
  const unreachable: UnreachableIndex[] = []
  const source = createIndexSources(
    { ...io, onQuery: (name) => io.onProgress?.({ phase: 'query', name }) },
    state.cache,
    (u) => {
      if (!unreachable.some((x) => x.indexUrl === u.indexUrl)) unreachable.push(u)
    },
  )
  const queue: Wanted[] = reqs
    .filter((r) => !r.marker || evaluateMarker(r.marker))
    .map((req) => ({ req, by: `${req.file}:${req.line}` }))

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
    d.requiresDist ??= await source.releaseRequiresDist(normalizeName(d.pkg.name), d.pkg.version, d.pkg.requestedBy)
    enqueueDeps(d.requiresDist, fresh, ['', ...d.extras], label(d.pkg))
    for (const e of fresh) d.extras.add(e)
  }

  // Index decisions that asked for the package in conflict (or chose it), newest decision first:
  // choosing another version of one of them may avoid the conflict.
  function conflict(error: UnsatisfiablePinError, wishes: Wish[], chosenFirst: Decision | undefined): Conflict {
    const order = [...chosen.values()]
    const culprits = order.filter(
      (d) =>
        d.pkg.source === 'index' &&
        d.isLocated !== true &&
        (d === chosenFirst || wishes.some((w) => w.requestedBy === label(d.pkg))),
    )
    return new Conflict(
      error,
      culprits.reverse().map((d) => ({ name: normalizeName(d.pkg.name), version: d.pkg.version })),
    )
  }

  function accept(d: Decision, req: Requirement, by: string): void {
    const where = req.url ?? req.path
    const wish = { requestedBy: by, specifier: where ? ` @ ${where}` : req.specifier }
    if (where !== undefined && where !== (d.pkg.url ?? d.pkg.path)) {
      throw new UnsatisfiablePinError(req.name, [...d.wishes, wish], 'asked for from two places')
    }
    if (req.specifier && !satisfies(d.pkg.version, req.specifier, { prereleases: true })) {
      if (d.pkg.source === 'pyodide') {
        drift.push({ name: d.pkg.name, asked: req.specifier, got: d.pkg.version, requestedBy: by })
        d.pkg.requestedBy.push(by)
        return
      }
      throw conflict(
        new UnsatisfiablePinError(req.name, [...d.wishes, wish], `${d.pkg.version} (${d.pkg.source}) was chosen first`),
        [...d.wishes, wish],
        d,
      )
    }
    d.wishes.push(wish)
    if (!d.pkg.requestedBy.includes(by)) d.pkg.requestedBy.push(by)
  }

  async function decide(req: Requirement, by: string, wishes: Wish[]): Promise<Decision> {
    if (req.url !== undefined || req.path !== undefined) {
      return { pkg: decideLocated(req, by), wishes, extras: new Set(), requiresDist: [], isLocated: true }
    }
    const specifier = [
      ...wishes.map((w) => w.specifier),
      ...constraints.filter((c) => c.normalized === req.normalized).map((c) => c.specifier),
    ]
      .filter((s) => s !== '')
      .join(',')
    const excluded = [...(state.exclusions.get(req.normalized) ?? [])].map((v) => `!=${v}`).join(',')
    const locked = io.lock.packages[req.normalized]
    const fromLock = (): Decision => {
      if (!locked) throw new AppError('INTERNAL', `${req.name} is not in the lock`)
      const pkg: ResolvedPackage = {
        name: locked.name,
        version: locked.version,
        source: 'pyodide',
        filename: locked.fileName,
        sha256: locked.sha256,
        requestedBy: [by],
      }
      for (const dep of locked.depends) queue.push({ req: named(dep, label(pkg)), by: label(pkg) })
      if (!satisfies(locked.version, specifier, { prereleases: true }))
        drift.push({ name: locked.name, asked: specifier, got: locked.version, requestedBy: by })
      return { pkg, wishes, extras: new Set() }
    }
    if (locked && satisfies(locked.version, specifier, { prereleases: true })) return fromLock()
    let project: IndexProject
    try {
      project = await source.project(req.normalized, [by])
    } catch (e) {
      if (locked && e instanceof PackageNotFoundError) return fromLock()
      throw e
    }
    const choice = chooseRelease(project, [specifier, excluded].filter((s) => s !== '').join(','))
    if (!choice.ok && locked) return fromLock()
    if (!choice.ok && choice.reason === 'no-version') {
      throw conflict(
        new UnsatisfiablePinError(
          req.name,
          wishes,
          `no release matches (newest: ${choice.available.join(', ') || 'none'})`,
        ),
        wishes,
        undefined,
      )
    }
    if (!choice.ok) throw new NoBrowserWheelError(`${req.name} ${choice.version}`, choice.found, [by])
    const requiresDist = await source.requiresDist(project, req.normalized, choice.version, [by], choice.file)
    const pkg: ResolvedPackage = {
      name: project.name,
      version: choice.version,
      source: 'index',
      filename: choice.file.filename,
      url: choice.file.url,
      sha256: choice.file.sha256,
      requestedBy: [by],
      ...(choice.file.extraIndex ? { extraIndex: choice.file.extraIndex } : {}),
    }
    checkHashes(req, pkg)
    enqueueDeps(requiresDist, [''], [], label(pkg))
    return { pkg, wishes, extras: new Set(), requiresDist }
  }

  for (let i = 0; i < queue.length; i++) {
    io.signal?.throwIfAborted()
    const { req, by } = queue[i]
    if (failed.has(req.normalized)) continue
    const existing = chosen.get(req.normalized)
    if (existing) {
      accept(existing, req, by)
      await addExtras(existing, req.extras)
      continue
    }
    // Wishes already queued for the same name shape the first decision, so that
    // `a>=1` then `a<2` picks one version both accept instead of failing on the second.
    const pending = queue
      .slice(i + 1)
      .filter((w) => w.req.normalized === req.normalized && w.req.url === undefined && w.req.path === undefined)
    const wishes = [req, ...pending.map((w) => w.req)].map((r, k) => ({
      requestedBy: k === 0 ? by : pending[k - 1].by,
      specifier: r.specifier,
    }))
    let decision: Decision
    try {
      decision = await decide(req, by, wishes)
    } catch (e) {
      if (!io.isCollectingProblems || !(e instanceof NoBrowserWheelError || e instanceof PackageNotFoundError)) throw e
      problems.push({
        name: req.name,
        code: e.code === 'PACKAGE_NOT_FOUND' ? 'PACKAGE_NOT_FOUND' : 'NO_BROWSER_WHEEL',
        message: e.message,
        requestedBy: by,
      })
      failed.add(req.normalized)
      continue
    }
    decision.wishes = [wishes[0]] // the rest are checked and recorded when their turn comes
    chosen.set(req.normalized, decision)
    io.onProgress?.({
      phase: 'chosen',
      name: decision.pkg.name,
      version: decision.pkg.version,
      source: decision.pkg.source,
    })
    await addExtras(decision, req.extras)
  }
  return {
    packages: [...chosen.values()].map((d) => d.pkg),
    drift,
    problems,
    ...(unreachable.length ? { unreachable } : {}),
  }
}
