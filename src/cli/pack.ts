// `quire pack`: a class pack. Everything the named repositories need, written into one folder a
// teacher deploys beside the site, so the class's launches reach only the site's own host (issue
// 22): each commit's files (a manifest and the files, read by src/repo/packSource.ts), Pyodide's
// core, exactly the lock packages their environments name (verified by sha256), the index wheels
// and webR binaries behind static indexes (packIndexes.ts), the lock itself, a config.json
// pointing Quire at all of it, and pack.json: each repository's link as a launch spec, its commit
// and lock, which the site reads to open the usual links from the pack and `--check` to compare.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import pyodidePkg from 'pyodide/package.json'
import { launchPath } from '../launch'
import { fetchPyodideFiles, pyodideFileNeeds } from '../prepare/pyodideFiles'
import { specForGitUrl } from '../repo'
import type { PackEntry } from '../repo/packManifest'
import { createHttpFetcher, loadPyodideLock } from '../resolve'
import type { REnvRecord } from '../resolve-r'
import { AppError, serializeError } from '../shared/errors'
import { UsageError } from './args'
import { checkRepo, type CheckResult } from './checkRepo'
import { addRCheck } from './checkR'
import { writeIndexWheels, writeRPackages, type IndexWheel } from './packIndexes'
import { packConfig, packName, parsePackArgs, PACK_USAGE, type PackArgs } from './packArgs'
import { cloneToTemp, listFiles, listLinks } from './quire'

const CORE = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip']

export interface PackedRepo extends PackEntry {
  link: string
  ref: string | null
  /** The link students open (their usual badge link): the site finds it in the pack first. */
  launchPath: string
  verdict: CheckResult['verdict']['kind']
  lock?: CheckResult['lock']
}

export interface PackRecord {
  pyodideVersion: string
  createdAt: string
  url: string
  repos: PackedRepo[]
}

type Out = { write(s: string): unknown }

async function readLockJson(where: string | undefined, fetcher: ReturnType<typeof createHttpFetcher>) {
  if (where === undefined)
    return JSON.parse(
      readFileSync(createRequire(import.meta.url).resolve('pyodide/pyodide-lock.json'), 'utf8'),
    ) as unknown
  return /^https?:\/\//.test(where) ? fetcher.json(where) : (JSON.parse(readFileSync(where, 'utf8')) as unknown)
}

const git = (args: string[], cwd?: string) =>
  execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    .toString()
    .trim()

/**
 * Checks out a clone's submodules at their recorded commits, as repo2docker's `git submodule update --init
 * --recursive` does, one at a time so that one that cannot be had (private, gone) leaves only its own folder empty:
 * the launch names it as not fetched (src/repo/submodules.ts). Returns the paths that failed.
 */
function checkoutSubmodules(dir: string): string[] {
  let listed: string
  try {
    listed = git(['config', '--file', '.gitmodules', '--get-regexp', '^submodule\\..*\\.path$'], dir)
  } catch {
    return [] // no .gitmodules, or no submodule in it
  }
  const paths = listed
    .split('\n')
    .map((l) => l.split(' ').slice(1).join(' '))
    .filter(Boolean)
  return paths.filter((p) => {
    try {
      git(['submodule', 'update', '--init', '--recursive', '--depth', '1', '--', p], dir)
      return false
    } catch {
      return true
    }
  })
}

export async function pack(args: PackArgs, log: Out): Promise<PackRecord> {
  const fetcher = createHttpFetcher(fetch)
  const lockJson = await readLockJson(args.lock, fetcher)
  const lock = loadPyodideLock(lockJson)
  const pyodideDir = join(args.out, 'pyodide')
  mkdirSync(pyodideDir, { recursive: true })
  const names = new Set<string>()
  const taken = new Set<string>()
  const repos: PackedRepo[] = []
  const wheels: IndexWheel[] = []
  const rEnvs: REnvRecord[] = []
  const hosts = { githubUrl: args.githubUrl, gitlabUrl: args.gitlabUrl }
  for (const link of args.repos) {
    const dir = cloneToTemp(link, args.ref)
    try {
      const sha = git(['rev-parse', 'HEAD'], dir)
      for (const sub of checkoutSubmodules(dir)) log.write(`quire pack: ${link}: submodule ${sub} not fetched\n`)
      const paths = listFiles(dir)
      const links = listLinks(dir)
      const read = async (p: string) => readFileSync(join(dir, p), 'utf8')
      const python = await checkRepo(paths, read, {
        lock: async () => lock,
        index: fetcher,
        indexUrl: args.indexUrl,
        pyodideVersion: pyodidePkg.version,
      })
      const result = await addRCheck(python, paths, read, { fetcher, repoUrl: args.webrRepoUrl })
      if (result.r) rEnvs.push(result.r)
      for (const p of Object.values(result.lock?.packages ?? {}))
        if (p.source === 'index') wheels.push({ name: p.name, version: p.version, url: p.file_name, sha256: p.sha256 })
      // What a link to this commit names: the ref asked for, or the default branch (and HEAD).
      const branch = git(['rev-parse', '--abbrev-ref', 'HEAD'], dir)
      const refs = args.ref ? [args.ref] : branch && branch !== 'HEAD' ? [branch, 'HEAD'] : ['HEAD']
      const spec = specForGitUrl(link, hosts) ?? { provider: 'git' as const, repo: link }
      const name = packName(link, taken)
      const target = join(args.out, 'repos', name)
      rmSync(target, { recursive: true, force: true })
      for (const p of paths) {
        mkdirSync(dirname(join(target, p)), { recursive: true })
        copyFileSync(join(dir, p), join(target, p))
      }
      // The `demo` provider's manifest (src/repo/fetchDemo.ts): the commit's SHA is its version. Links are kept as
      // links (a static server would follow or refuse them): named with their target, made again in the browser.
      writeFileSync(join(target, 'manifest.json'), JSON.stringify({ sha, files: paths, links }, null, 1))
      for (const p of result.packages) if (p.source === 'pyodide') names.add(p.name)
      repos.push({
        link,
        ref: args.ref ?? null,
        spec,
        refs,
        sha,
        name,
        launchPath: launchPath({ ...spec, repoUrl: link, ref: refs[0] }),
        verdict: result.verdict.kind,
        ...(result.lock ? { lock: result.lock } : {}),
      })
      log.write(`quire pack: ${name}: ${paths.length} files at ${sha.slice(0, 7)}, verdict ${result.verdict.kind}\n`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const base = args.packageBaseUrl ?? `https://cdn.jsdelivr.net/pyodide/v${pyodidePkg.version}/full/`
  const needs = pyodideFileNeeds(lock, names, base.endsWith('/') ? base : `${base}/`)
  const files = await fetchPyodideFiles(needs, {
    fetchBytes: (url, p, o) => fetcher.fetchBytes(url, p, o),
    onDone: (_i, need, bytes) => log.write(`quire pack: ${need.fileName} (${bytes} bytes)\n`),
  })
  for (const [i, f] of files.entries())
    writeFileSync(join(pyodideDir, needs[i].fileName.split('/').pop() ?? ''), f.data)
  await writeIndexWheels(args.out, wheels, fetcher, log)
  await writeRPackages(args.out, rEnvs, fetcher, log)
  const core = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'))
  for (const f of CORE) copyFileSync(join(core, f), join(pyodideDir, f))
  writeFileSync(join(pyodideDir, 'pyodide-lock.json'), JSON.stringify(lockJson))
  writeFileSync(join(args.out, 'config.json'), `${JSON.stringify(packConfig(args.url), null, 2)}\n`)
  const record: PackRecord = {
    pyodideVersion: pyodidePkg.version,
    createdAt: new Date().toISOString(),
    url: args.url,
    repos,
  }
  writeFileSync(join(args.out, 'pack.json'), `${JSON.stringify(record, null, 1)}\n`)
  return record
}

/** Each packed repository's ref, looked up now: which moved since the pack was made. */
export function checkPack(out: string): Array<PackedRepo & { now: string }> {
  const record = JSON.parse(readFileSync(join(out, 'pack.json'), 'utf8')) as PackRecord
  return record.repos.map((r) => {
    let listed: string
    try {
      listed = git(['ls-remote', r.link, r.ref ?? 'HEAD'])
    } catch (e) {
      const stderr = e instanceof Error && 'stderr' in e ? String(e.stderr).trim() : String(e)
      throw new AppError('REPO_UNREACHABLE', `git ls-remote ${r.link} failed: ${stderr}`, { url: r.link })
    }
    const now = listed
      .split('\n')
      .find((l) => l.trim())
      ?.split(/\s+/)[0]
    if (!now) throw new AppError('REF_NOT_FOUND', `${r.link} has no ${r.ref ?? 'HEAD'} any more`, { url: r.link })
    return { ...r, now }
  })
}

export async function packMain(argv: string[], out: Out, err: Out): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`${PACK_USAGE}\n`)
    return 0
  }
  let args: PackArgs
  try {
    args = parsePackArgs(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    err.write(`quire pack: ${e.message}\n\n${PACK_USAGE}\n`)
    return 2
  }
  try {
    if (args.isCheck) {
      const rows = checkPack(args.out)
      for (const r of rows)
        out.write(
          r.now === r.sha
            ? `${r.name}: up to date (${r.sha.slice(0, 7)})\n`
            : `${r.name}: upstream moved ${r.sha.slice(0, 7)} → ${r.now.slice(0, 7)}; run quire pack again\n`,
        )
      return rows.some((r) => r.now !== r.sha) ? 1 : 0
    }
    const record = await pack(args, err)
    out.write(
      `Class pack written to ${args.out}. Deploy it at ${args.url} and copy its config.json next to the site's index.html.\n`,
    )
    for (const r of record.repos) out.write(`  ${r.name}: <site>${r.launchPath}\n`)
    return 0
  } catch (e) {
    const s = serializeError(e)
    err.write(`quire pack: ${s.code}: ${s.message}\n`)
    return 2
  }
}
