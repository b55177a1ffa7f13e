// A real smart-HTTP git server for tests: Node `http` in front of `git http-backend` (CGI), with
// the CORS headers GitHub's git endpoints lack, so a browser page can clone from it directly.
import { spawn } from 'node:child_process'
import { appendFile, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createFaultSwitch, type FaultSwitch } from './faults'

export interface GitServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string
  port: number
  root: string
  addRepo(
    name: string,
    fixtureDir: string,
    opts?: { branch?: string; tag?: string; message?: string },
  ): Promise<{ cloneUrl: string; sha: string }>
  commitFiles(name: string, files: Record<string, string>, message?: string): Promise<string>
  /** Commits symbolic links (`path` → target text, kept verbatim, dangling or not); returns the new sha. */
  commitSymlinks(name: string, links: Record<string, string>, message?: string): Promise<string>
  /**
   * Commits a submodule as git stores one: a gitlink (mode 160000) at `path` naming `sha`, and its
   * `url` in .gitmodules. Nothing is cloned, so the URL may name a repository that does not exist.
   */
  commitSubmodule(name: string, path: string, sub: { url: string; sha: string }, message?: string): Promise<string>
  /** Per-path fault injection (close mid-transfer, truncated body, wrong type, 500, slow). */
  faults: FaultSwitch
  /** Shorthand over `faults` (src/repo/openRepo.test.ts): from now on every pack (upload-pack)
   * response drops its connection after `bytes`; undefined clears every fault. */
  cutPacksAfter(bytes: number | undefined): void
  stop(): Promise<void>
}

export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  // `*` does not cover Authorization, so name the headers git clients send as well.
  'Access-Control-Allow-Headers': '*, content-type, git-protocol, authorization, user-agent',
  'Access-Control-Expose-Headers': '*',
}

// Same author/committer every time, and no user or system config (signing, hooks, templates).
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Quire Fixture',
  GIT_AUTHOR_EMAIL: 'fixture@quire.test',
  GIT_COMMITTER_NAME: 'Quire Fixture',
  GIT_COMMITTER_EMAIL: 'fixture@quire.test',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
}

/** Runs git, resolving with trimmed stdout and rejecting with stderr on a non-zero exit. */
function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...process.env, ...GIT_ENV } })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d))
    child.stderr.on('data', (d: Buffer) => (err += d))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`git ${args.join(' ')}: ${err.trim()}`)),
    )
  })
}

export async function startGitServer(opts: { port?: number; root?: string } = {}): Promise<GitServer> {
  const ownsRoot = opts.root === undefined
  const root = opts.root ?? (await mkdtemp(join(tmpdir(), 'quire-git-root-')))
  // Working copies live apart from the served root so only bare repos are exported.
  const workRoot = await mkdtemp(join(tmpdir(), 'quire-git-work-'))
  const repos = new Map<string, { work: string; bare: string; branch: string }>()
  const faults = createFaultSwitch()

  const server = createServer(
    faults.wrap((req, res) => {
      for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v)
      if (req.method === 'OPTIONS') return void res.writeHead(204).end()
      if (req.method !== 'GET' && req.method !== 'POST') return void res.writeHead(405).end()
      runBackend(req, res, root)
    }),
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('git server: no TCP address')
  const url = `http://127.0.0.1:${address.port}`

  const repo = (name: string) => {
    const r = repos.get(name)
    if (!r) throw new Error(`git server: no repo ${name}`)
    return r
  }
  // Commits the working copy and pushes the branch to the bare repo; returns the new sha.
  const commitAndPush = async (name: string, message: string) => {
    const { work, bare, branch } = repo(name)
    await git(['add', '-A'], work)
    await git(['commit', '--allow-empty', '-q', '-m', message], work)
    await git(['push', '-q', '--follow-tags', bare, branch], work)
    return git(['rev-parse', 'HEAD'], work)
  }

  return {
    url,
    port: address.port,
    root,
    async addRepo(name, fixtureDir, { branch = 'main', tag, message = `Add ${name}` } = {}) {
      if (repos.has(name)) throw new Error(`git server: repo ${name} exists`)
      const work = join(workRoot, name)
      const bare = join(root, `${name}.git`)
      await cp(fixtureDir, work, { recursive: true })
      await git(['init', '-q', '-b', branch], work)
      await git(['add', '-A'], work)
      await git(['commit', '-q', '-m', message], work)
      if (tag) await git(['tag', '-a', tag, '-m', tag], work)
      await mkdir(dirname(bare), { recursive: true })
      await git(['clone', '-q', '--bare', work, bare], root)
      await git(['config', 'http.receivepack', 'false'], bare)
      repos.set(name, { work, bare, branch })
      return { cloneUrl: `${url}/${name}.git`, sha: await git(['rev-parse', 'HEAD'], work) }
    },
    async commitFiles(name, files, message = 'Update files') {
      const { work } = repo(name)
      for (const [path, body] of Object.entries(files)) {
        await mkdir(dirname(join(work, path)), { recursive: true })
        await writeFile(join(work, path), body)
      }
      return commitAndPush(name, message)
    },
    async commitSymlinks(name, links, message = 'Add links') {
      const { work } = repo(name)
      for (const [path, target] of Object.entries(links)) {
        await mkdir(dirname(join(work, path)), { recursive: true })
        await symlink(target, join(work, path))
      }
      return commitAndPush(name, message)
    },
    async commitSubmodule(name, path, sub, message = `Add submodule ${path}`) {
      const { work } = repo(name)
      // An empty folder, as an uninitialised submodule has: `git add -A` then keeps the gitlink.
      await mkdir(join(work, path), { recursive: true })
      await appendFile(join(work, '.gitmodules'), `[submodule "${path}"]\n\tpath = ${path}\n\turl = ${sub.url}\n`)
      await git(['update-index', '--add', '--cacheinfo', `160000,${sub.sha},${path}`], work)
      return commitAndPush(name, message)
    },
    faults,
    cutPacksAfter(bytes) {
      faults.clear()
      if (bytes !== undefined) faults.set({ match: '.git/git-upload-pack', mode: 'close-mid', afterBytes: bytes })
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rm(workRoot, { recursive: true, force: true })
      if (ownsRoot) await rm(root, { recursive: true, force: true })
    },
  }
}

/** One CGI request to `git http-backend`: request body in, parsed headers and body out. */
function runBackend(req: IncomingMessage, res: ServerResponse, root: string): void {
  const reqUrl = new URL(req.url ?? '/', 'http://localhost')
  const header = (name: string) => {
    const v = req.headers[name]
    return Array.isArray(v) ? v.join(', ') : (v ?? '')
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...GIT_ENV,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    SERVER_SOFTWARE: 'quire-git-server',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(reqUrl.pathname),
    QUERY_STRING: reqUrl.search.slice(1),
    CONTENT_TYPE: header('content-type'),
    CONTENT_LENGTH: header('content-length'),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    // http-backend inflates gzip bodies itself and passes Git-Protocol (v2) on to upload-pack.
    HTTP_CONTENT_ENCODING: header('content-encoding'),
    HTTP_GIT_PROTOCOL: header('git-protocol'),
  }
  // CGI leaves unknown meta-variables unset rather than empty.
  for (const k of Object.keys(env)) if (env[k] === '') delete env[k]
  const child = spawn('git', ['http-backend'], { env })
  req.pipe(child.stdin)
  child.stdin.on('error', () => {}) // backend may exit before reading everything (e.g. 404)
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d))

  // Buffer stdout until the blank line ending the CGI headers, then stream the rest through.
  let head = Buffer.alloc(0)
  let isBodyStarted = false
  child.stdout.on('data', (chunk: Buffer) => {
    if (isBodyStarted) return void res.write(chunk)
    head = Buffer.concat([head, chunk])
    const text = head.toString('latin1')
    const crlf = text.indexOf('\r\n\r\n')
    const lf = text.indexOf('\n\n')
    const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1
    if (end < 0) return
    isBodyStarted = true
    let status = 200
    for (const line of text.slice(0, end).split(/\r?\n/)) {
      const i = line.indexOf(':')
      if (i <= 0) continue
      const key = line.slice(0, i).trim()
      const value = line.slice(i + 1).trim()
      if (key.toLowerCase() === 'status') status = parseInt(value, 10) || 500
      else res.setHeader(key, value)
    }
    res.writeHead(status)
    res.write(head.subarray(end))
  })
  child.on('error', (e) => {
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
    res.end(`git http-backend failed: ${e.message}\n`)
  })
  child.on('close', (code) => {
    if (res.writableEnded) return
    if (!isBodyStarted) {
      res.writeHead(500, { 'Content-Type': 'text/plain' })
      return void res.end(`git http-backend exited ${code}: ${stderr}`)
    }
    res.end()
  })
}
