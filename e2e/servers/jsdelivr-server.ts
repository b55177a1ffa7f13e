// A stand-in for jsDelivr's GitHub mirror, answering from the bare repositories of a local git
// server (`<owner>/<repo>.git`, read with `git` itself). What it imitates, and where it was read:
// - data.jsdelivr.com, source github.com/jsdelivr/data.jsdelivr.com (src/routes/v1.js,
//   src/routes/v1/PackageRequest.js, src/public/v1/spec.yaml and components/*.yaml):
//   GET /v1/packages/gh/<user>/<repo>@<version>?structure=flat
//     → { type: 'gh', name, version, default: null, files: [{ name: '/path', hash, size }], links }
//   `hash` is the base64 sha256 of the file. The version must be exact: a tag (a leading `v` is
//   dropped, as the router's `version` param does) or a full 40-hex commit SHA (lowercased). A
//   branch or anything the CDN resolves to another version is BadVersionError, answered 404
//   `{ status: 404, message: "Couldn't find version … Make sure you use a specific version number,
//   and not a version range or an npm tag." }`; an unknown repository 404 `Couldn't find …`; a
//   repository over the size cap 403 `{ status: 403, message: 'Package size exceeded the
//   configured limit of 50 MB.' }` (the spec's words for gh: "An error is returned if the package
//   size exceeds 50 MB").
// - cdn.jsdelivr.net/gh/<user>/<repo>@<version>/<path>: the file's bytes, CORS `*`. Files of a
//   commit SHA or tag are cached for good, of a branch for up to 12 hours (jsdelivr/jsdelivr's
//   README "Caching" and maintainers in jsdelivr/jsdelivr#18347, www.jsdelivr.com#402). The headers are the ones
//   users have recorded from the real CDN (curl -I, quoted in several public repositories' notes in 2026): for a
//   branch `cache-control: public, max-age=604800, s-maxage=43200` (a week in the browser, 12 h at the edge),
//   `x-jsd-version: <the branch's own name>`, `x-jsd-version-type: branch`; for a commit
//   `x-jsd-version-type: commit` and for a release `version`, both `public, max-age=31536000, s-maxage=31536000,
//   immutable`. A missing file is 404.
// - cdn.jsdelivr.net/gh/<user>/<repo>@<version>/+private-json: the CDN's own description of a version, which
//   data.jsdelivr.com fetches to list files (its src/remote-services/JsDelivrRemoteService.js `listFiles`, and
//   the recorded answers in its test/data/v1/cdn.json + test/setup.js): 200 `{ version, default: null, files:
//   [{ name, hash, time, size }] }`, where `version` is what the CDN resolved the request to and every file's
//   `time` is the same, the commit's time (GitHub's archives stamp files with it: all 281 files of jquery@3.2.1 in
//   that recording carry one time); 404 with a plain-text reason ("Couldn't find the requested release version
//   1."); 403 "Package size exceeded the configured limit of 50 MB.". For a branch, `version` is taken to be the
//   branch's own name, as `x-jsd-version` is on every answer for a branch: jsDelivr names no commit for it. That
//   is inferred, not documented (`branchVersion = 'commit'` answers the commit the branch cache holds instead, to
//   test that case too), and the endpoint is "private": it may change without notice.
// - data.jsdelivr.com for a branch: PackageRequest.fetchFiles refuses (BadVersionError, the 404 above) only when
//   the CDN's `version` differs from the one asked. A branch the CDN names by its own name therefore passes, and
//   its listing is stored for good at the first ask (PackageListing, served with a year's max-age): this stand-in
//   freezes it the same way. Quire never lists a branch there.
// - Symbolic links: jsDelivr's copy of a GitHub version is GitHub's archive of it (a maintainer in
//   jsdelivr/jsdelivr#18225: a file missing from `archive/<version>.zip` is missing on the CDN), and a link's path
//   answers as raw.githubusercontent.com's does, with the link's target text as its body, not the file it names (a
//   maintainer in jsdelivr/jsdelivr#18290: "the endpoint is just a proxy to GitHub so it has the same limitations").
//   A zip keeps a link as an entry whose data is that text. So a link is listed and served as a regular file: its
//   size the target's length, its hash the target's sha256, its body the target text (`linksAs: 'files'`, the
//   default). That the listing names it is inferred from the CDN serving it (the CDN's code is not public);
//   `linksAs: 'absent'` leaves links out of the listing and answers 404 for them, the other reading, to test that
//   case too. A submodule is an empty folder in GitHub's archive: never listed, its path 404. A Git LFS file is its
//   pointer, as GitHub's archives hold it unless the owner opts in to LFS objects in archives (docs.github.com,
//   "Managing Git LFS objects in archives of your repository").
// Unknown here, so not imitated: the exact answer for a repository that GitHub itself refuses (treated as 404).
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { createFaultSwitch, type FaultSwitch } from './faults'
import { bareGit } from './bareGit'

export interface JsdelivrServer {
  url: string
  /** Base for Quire's `jsdelivrDataUrl` (data.jsdelivr.com). */
  dataUrl: string
  /** Base for Quire's `jsdelivrCdnUrl` (cdn.jsdelivr.net). */
  cdnUrl: string
  requests: string[]
  /** Repositories larger than this (bytes of their files) get the 403 size answer; 50 MB by default. */
  maxBytes: number
  faults: FaultSwitch
  /** What `+private-json` names as a branch's version: the branch itself (inferred, the default) or its commit. */
  branchVersion: 'commit' | 'name'
  /** The commit the CDN's branch cache holds, per `owner/repo@branch` (it may lag the branch by up to 12 h). */
  branchCache: Map<string, string>
  /** How a symbolic link is answered: a file holding its target's path (as the sources say, the default), or absent. */
  linksAs: 'files' | 'absent'
  stop(): Promise<void>
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' }
const FOREVER = 'public, max-age=31536000, s-maxage=31536000, immutable'
const BRANCH = 'public, max-age=604800, s-maxage=43200'

/** What a version names: a commit SHA or a tag gives a commit; a branch only to the CDN. */
async function resolveVersion(gitDir: string, version: string) {
  const rev = async (r: string) =>
    (await bareGit(['rev-parse', '--verify', '--quiet', `${r}^{commit}`], gitDir))?.toString().trim()
  if (/^[0-9a-f]{40}$/i.test(version)) {
    const sha = await rev(version.toLowerCase())
    return sha ? { sha, isExact: true, isBranch: false } : undefined
  }
  for (const tag of [version, `v${version}`]) {
    const sha = await rev(`refs/tags/${tag}`)
    if (sha) return { sha, isExact: true, isBranch: false }
  }
  const sha = await rev(`refs/heads/${version}`)
  return sha ? { sha, isExact: false, isBranch: true } : undefined
}

export async function startJsdelivrServer(gitRoot: string): Promise<JsdelivrServer> {
  const requests: string[] = []
  const faults = createFaultSwitch()
  const json = (res: ServerResponse, status: number, body: unknown) =>
    void res.writeHead(status, { ...CORS, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
  const state = {
    maxBytes: 50 * 1024 * 1024,
    branchVersion: 'name' as 'commit' | 'name',
    linksAs: 'files' as 'files' | 'absent',
  }
  const branchCache = new Map<string, string>()
  // data.jsdelivr.com's PackageListing: a listing once answered is the answer for good.
  const listings = new Map<string, Awaited<ReturnType<typeof listFiles>>>()
  const versionHeaders = (at: { sha: string; isBranch: boolean }, version: string) => ({
    'x-jsd-version': at.isBranch ? version : /^[0-9a-f]{40}$/i.test(version) ? at.sha : version,
    'x-jsd-version-type': at.isBranch ? 'branch' : /^[0-9a-f]{40}$/i.test(version) ? 'commit' : 'version',
  })

  const server = createServer(
    faults.wrap(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      requests.push(url.pathname + url.search)
      if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end()
      const data = /^\/data\/v1\/packages\/gh\/([^/@]+)\/([^/@]+)@([^/]+)$/.exec(url.pathname)
      const cdn = /^\/cdn\/gh\/([^/@]+)\/([^/@]+)@([^/]+)\/(.+)$/.exec(url.pathname)
      const isDescription = cdn?.[4] === '+private-json'
      const m = data ?? cdn
      if (!m) return json(res, 404, { status: 404, message: 'Not found.' })
      const [owner, repo] = [m[1], m[2]]
      let version = decodeURIComponent(m[3])
      const name = `${owner}/${repo}`
      const gitDir = join(gitRoot, owner, `${repo}.git`)
      if (!existsSync(gitDir)) return json(res, 404, { status: 404, message: `Couldn't find ${name}@${version}.` })
      if (data && version.startsWith('v')) version = version.slice(1)
      const fresh = await resolveVersion(gitDir, version)
      // The CDN keeps a branch's answer for a while (12 h): a cached commit wins over where the branch is now.
      const held = fresh?.isBranch && cdn ? branchCache.get(`${name}@${version}`) : undefined
      const at = held && fresh ? { ...fresh, sha: held } : fresh
      if (isDescription) {
        if (!at) return void res.writeHead(404, CORS).end(`Couldn't find the requested release version ${version}.`)
        const files = await listFiles(gitDir, at.sha, state.linksAs, true)
        if (files.reduce((n, f) => n + f.size, 0) > state.maxBytes)
          return void res.writeHead(403, CORS).end('Package size exceeded the configured limit of 50 MB.')
        const named = at.isBranch ? (state.branchVersion === 'commit' ? at.sha : version) : version
        return void res
          .writeHead(200, {
            ...CORS,
            'content-type': 'application/json; charset=utf-8',
            'cache-control': at.isBranch ? BRANCH : FOREVER,
            ...versionHeaders(at, version),
          })
          .end(JSON.stringify({ version: named, default: null, files }))
      }
      if (cdn) {
        const path = decodeURIComponent(cdn[4])
        const isAbsentLink = at && state.linksAs === 'absent' && (await modeOf(gitDir, at.sha, path)) === '120000'
        const body = at && !isAbsentLink && (await bareGit(['cat-file', 'blob', `${at.sha}:${path}`], gitDir))
        if (!body) return void res.writeHead(404, CORS).end(`Couldn't find the requested file.`)
        const cache = at.isBranch ? BRANCH : FOREVER
        return void res
          .writeHead(200, {
            ...CORS,
            'content-type': 'text/plain; charset=utf-8',
            'cache-control': cache,
            ...versionHeaders(at, version),
          })
          .end(body)
      }
      // The data API asks the CDN and refuses only a version the CDN names otherwise (PackageRequest.fetchFiles).
      if (!at || (!at.isExact && !(at.isBranch && state.branchVersion === 'name'))) {
        return json(res, 404, {
          status: 404,
          message: `Couldn't find version ${version} for ${name}. Make sure you use a specific version number, and not a version range or an npm tag.`,
        })
      }
      const key = `${name}@${version}`
      const files = listings.get(key) ?? (await listFiles(gitDir, at.sha, state.linksAs))
      listings.set(key, files)
      if (files.reduce((n, f) => n + f.size, 0) > state.maxBytes)
        return json(res, 403, { status: 403, message: 'Package size exceeded the configured limit of 50 MB.' })
      // The default structure is a tree of folders (PackageRequest.getFiles); Quire asks for `flat`.
      const listed = url.searchParams.get('structure') === 'flat' ? files : asTree(files)
      return json(res, 200, {
        type: 'gh',
        name,
        version,
        default: null,
        files: listed,
        links: { stats: `${url.origin}/v1/stats/packages/gh/${name}@${version}` },
      })
    }),
  )
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('jsdelivr server: no TCP address')
  const url = `http://127.0.0.1:${address.port}`
  return {
    url,
    dataUrl: `${url}/data`,
    cdnUrl: `${url}/cdn`,
    requests,
    get maxBytes() {
      return state.maxBytes
    },
    set maxBytes(n: number) {
      state.maxBytes = n
    },
    faults,
    get branchVersion() {
      return state.branchVersion
    },
    set branchVersion(v: 'commit' | 'name') {
      state.branchVersion = v
    },
    branchCache,
    get linksAs() {
      return state.linksAs
    },
    set linksAs(v: 'files' | 'absent') {
      state.linksAs = v
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((ok) => server.close(() => ok()))
    },
  }
}

/** A path's mode in a commit's tree (`120000` for a link), or undefined. */
async function modeOf(gitDir: string, sha: string, path: string) {
  return (await bareGit(['ls-tree', sha, '--', path], gitDir))?.toString().split(/\s+/)[0] || undefined
}

/** A commit's files as its zip archive has them: links as files holding their target text, gitlinks left out. */
async function listFiles(gitDir: string, sha: string, linksAs: 'files' | 'absent', withTime = false) {
  const listing = (await bareGit(['ls-tree', '-r', '-l', sha], gitDir))?.toString() ?? ''
  const time = withTime ? (await bareGit(['show', '-s', '--format=%cI', sha], gitDir))?.toString().trim() : undefined
  const entries = listing
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t')
      const [mode, type, , size] = meta.split(/\s+/)
      return { mode, type, path, size: Number(size) }
    })
    .filter((e) => e.type === 'blob' && (linksAs === 'files' || e.mode !== '120000'))
  const files = []
  for (const e of entries) {
    const body = (await bareGit(['cat-file', 'blob', `${sha}:${e.path}`], gitDir)) ?? Buffer.alloc(0)
    const hash = createHash('sha256').update(body).digest('base64')
    files.push({ name: `/${e.path}`, hash, ...(time && { time: new Date(time).toISOString() }), size: e.size })
  }
  return files
}

type TreeNode =
  { type: 'directory'; name: string; files: TreeNode[] } | { type: 'file'; name: string; hash: string; size: number }

/** data.jsdelivr.com's default `tree` structure: nested folders, each listing folders before files. */
function asTree(files: { name: string; hash: string; size: number }[]): TreeNode[] {
  const root: TreeNode[] = []
  for (const f of files) {
    const parts = f.name.slice(1).split('/')
    let level = root
    for (const dir of parts.slice(0, -1)) {
      let node = level.find(
        (n): n is Extract<TreeNode, { type: 'directory' }> => n.type === 'directory' && n.name === dir,
      )
      if (!node) {
        node = { type: 'directory', name: dir, files: [] }
        const firstFile = level.findIndex((n) => n.type === 'file')
        level.splice(firstFile === -1 ? level.length : firstFile, 0, node)
      }
      level = node.files
    }
    level.push({ type: 'file', name: parts[parts.length - 1], hash: f.hash, size: f.size })
  }
  return root
}
