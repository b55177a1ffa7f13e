import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  HttpError,
  loadPyodideLock,
  normalizeName,
  parseRequirements,
  resolveEnv,
  type BytesFetcher,
  type Fetcher,
  type Requirement,
} from '../src/resolve'
import { timing, type Timing } from './stats'

export interface ResolveFigures {
  files: number
  perFile: Timing
  worst: { file: string; ms: number }
  failures: Array<{ file: string; code: string }>
}

function listTxt(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory()
      ? listTxt(p)
      : /requirements.*\.txt$|\.txt$/.test(n) && !/runtime|apt/.test(n)
        ? [p]
        : []
  })
}

/**
 * Index metadata for every name the corpus asks for that Pyodide's lock lacks: each version the
 * corpus mentions plus two more, each a pure-Python wheel. PyPI is unreachable here, so the
 * answers are synthesised; the resolver's CPU work (parsing, markers, version choice) is real.
 * As PyPI does, `requires_dist` is null for releases with no dependencies, so each chosen wheel's
 * PEP 658 `.metadata` file is read (a minimal METADATA with no Requires-Dist).
 */
function synthIndex(reqs: Requirement[]): Fetcher & BytesFetcher {
  const versions = new Map<string, Set<string>>()
  for (const r of reqs) {
    const set = versions.get(r.normalized) ?? new Set(['1.0.0', '2.0.0'])
    for (const m of r.specifier.matchAll(/(\d+(?:\.\d+)*)/g)) set.add(m[1])
    versions.set(r.normalized, set)
  }
  return {
    async fetchBytes(url) {
      const m = /^https:\/\/files\.test\/([^-]+)-([^-]+)-py3-none-any\.whl\.metadata$/.exec(url)
      if (!m) throw new HttpError(url, 404)
      return new TextEncoder().encode(`Metadata-Version: 2.1\nName: ${m[1]}\nVersion: ${m[2]}\n\n`)
    },
    async json(url) {
      const m = /\/pypi\/([^/]+)\/(?:([^/]+)\/)?json$/.exec(url)
      const vs = m && versions.get(normalizeName(m[1]))
      if (!m || !vs) throw new HttpError(url, 404)
      const file = (v: string) => {
        const filename = `${m[1].replace(/-/g, '_')}-${v}-py3-none-any.whl`
        return {
          filename,
          url: `https://files.test/${filename}`,
          digests: { sha256: createHash('sha256').update(filename).digest('hex') },
          yanked: false,
          packagetype: 'bdist_wheel',
          requires_python: null,
          'core-metadata': {},
        }
      }
      const sorted = [...vs]
      const latest = m[2] ?? sorted[sorted.length - 1]
      return {
        info: { name: m[1], version: latest, requires_dist: null },
        // A version URL has only its own files (`urls`), as on PyPI.
        ...(m[2] === undefined ? { releases: Object.fromEntries(sorted.map((v) => [v, [file(v)]])) } : {}),
        urls: [file(latest)],
      }
    },
  }
}

export async function resolveFigures(dirs: string[], lockPath: string, runs: number): Promise<ResolveFigures> {
  const lock = loadPyodideLock(JSON.parse(readFileSync(lockPath, 'utf8')))
  const files = dirs.flatMap(listTxt)
  const parsed = files.flatMap((f) => {
    try {
      return [{ f, reqs: parseRequirements(readFileSync(f, 'utf8'), f).requirements }]
    } catch {
      return [{ f, reqs: [] as Requirement[] }]
    }
  })
  const index = synthIndex(parsed.flatMap((p) => p.reqs))
  const perFile: number[] = []
  const failures: ResolveFigures['failures'] = []
  let worst = { file: '', ms: 0 }
  for (const { f, reqs } of parsed) {
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      try {
        // Parsing is part of the figure: a user's launch parses the file too.
        parseRequirements(readFileSync(f, 'utf8'), f)
        await resolveEnv(reqs, { lock, index, indexUrl: 'https://pypi.test' })
      } catch (e) {
        if (i === 0)
          failures.push({ file: relative(process.cwd(), f), code: (e as { code?: string }).code ?? String(e) })
      }
      times.push(performance.now() - t0)
    }
    const ms = timing(times).median
    perFile.push(ms)
    if (ms > worst.ms) worst = { file: relative(process.cwd(), f), ms }
  }
  return { files: files.length, perFile: timing(perFile), worst, failures }
}
