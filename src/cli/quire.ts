// `quire check`: the entry file of the command-line tool. It picks the real I/O (Node's fs, git,
// fetch) and hands it to checkRepo; built by `npm run build:cli` into dist-cli/ (Node cannot run
// .ts), started by scripts/quire.mjs.
import { execFileSync } from 'node:child_process'
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pyodidePkg from 'pyodide/package.json'
import { createHttpFetcher, loadPyodideLock } from '../resolve'
import { AppError, serializeError } from '../shared/errors'
import { parseArgs, USAGE, UsageError, type CheckArgs } from './args'
import { checkRepo, type CheckResult } from './checkRepo'
import { addRCheck } from './checkR'
import { formatCheck } from './format'
import { packMain } from './pack'
import { runProxy } from './proxy'

const SKIP = new Set(['.git', 'node_modules'])

export function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix)).flatMap((entry) => {
    if (SKIP.has(entry)) return []
    const rel = prefix ? `${prefix}/${entry}` : entry
    // lstat: a link is never followed (a dangling one would throw, `loop -> .` recurse); listLinks has them.
    const st = lstatSync(join(root, rel))
    return st.isSymbolicLink() ? [] : st.isDirectory() ? listFiles(root, rel) : [rel]
  })
}

/** A checkout's symbolic links, never followed: where each is and its target text, as git stores it. */
export function listLinks(root: string, prefix = ''): Array<{ path: string; target: string }> {
  return readdirSync(join(root, prefix)).flatMap((entry) => {
    if (SKIP.has(entry)) return []
    const rel = prefix ? `${prefix}/${entry}` : entry
    const st = lstatSync(join(root, rel))
    if (st.isSymbolicLink()) return [{ path: rel, target: readlinkSync(join(root, rel)) }]
    return st.isDirectory() ? listLinks(root, rel) : []
  })
}

const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^git@/.test(s)

/** A shallow clone with the system's git: the CLI runs where a CI job already has it. */
export function cloneToTemp(url: string, ref: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'quire-check-'))
  try {
    execFileSync('git', ['clone', '--quiet', '--depth', '1', ...(ref ? ['--branch', ref] : []), url, dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    const stderr = e instanceof Error && 'stderr' in e ? String(e.stderr).trim() : String(e)
    throw new AppError('REPO_UNREACHABLE', `git clone ${url} failed: ${stderr}`, { url })
  }
  return dir
}

async function readLock(where: string | undefined, fetcher: ReturnType<typeof createHttpFetcher>) {
  if (where === undefined)
    return loadPyodideLock(
      JSON.parse(readFileSync(createRequire(import.meta.url).resolve('pyodide/pyodide-lock.json'), 'utf8')),
    )
  return loadPyodideLock(isUrl(where) ? await fetcher.json(where) : JSON.parse(readFileSync(where, 'utf8')))
}

export async function check(args: CheckArgs): Promise<CheckResult> {
  const isRemote = isUrl(args.target)
  const root = isRemote ? cloneToTemp(args.target, args.ref) : args.target
  try {
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory())
      throw new AppError('REPO_NOT_FOUND', `${root} is not a folder`, { path: root })
    const fetcher = createHttpFetcher(fetch)
    const paths = listFiles(root)
    const read = async (p: string) => readFileSync(join(root, p), 'utf8')
    const result = await checkRepo(paths, read, {
      lock: () => readLock(args.lock, fetcher),
      index: fetcher,
      indexUrl: args.indexUrl,
      // Like --index-url: a URL ending in /simple is a PEP 691 simple index, any other a PyPI JSON API.
      extraIndexes: args.extraIndexUrls.map((indexUrl) => ({ indexUrl })),
      isStrict: args.isStrict,
      pyodideVersion: pyodidePkg.version,
    })
    return await addRCheck(result, paths, read, { fetcher, repoUrl: args.webrRepoUrl, isStrict: args.isStrict })
  } finally {
    if (isRemote) rmSync(root, { recursive: true, force: true })
  }
}

/** Runs the command; returns the exit status (0 browser, 1 hub, 2 error). */
export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  // `quire pack`: a class pack (pack.ts), with its own options.
  if (argv[0] === 'pack') return packMain(argv.slice(1), out, err)
  if (argv[0] === 'proxy') return runProxy(argv.slice(1), out, err)
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`${USAGE}\n`)
    return 0
  }
  let args: CheckArgs
  try {
    args = parseArgs(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    err.write(`quire: ${e.message}\n\n${USAGE}\n`)
    return 2
  }
  try {
    const result = await check(args)
    out.write(args.isJson ? `${JSON.stringify(result, null, 2)}\n` : `${formatCheck(result)}\n`)
    return result.verdict.kind === 'hub' ? 1 : 0
  } catch (e) {
    const s = serializeError(e)
    if (args.isJson) out.write(`${JSON.stringify({ error: s }, null, 2)}\n`)
    err.write(`quire: ${s.code}: ${s.message}\n`)
    return 2
  }
}
