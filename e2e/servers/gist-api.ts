// The gist part of the GitHub stand-in (e2e/servers/github-server.ts), answering from bare repositories
// `<user>/<id>.git` of a local git server, as docs.github.com/en/rest/gists/gists describes:
//   GET /gists/<id>        → { id, files: { <name>: { filename, type, language, raw_url, size, truncated,
//                               content, encoding } }, history: [{ version, committed_at, … }], truncated }
//   GET /gists/<id>/<sha>  → the same at that revision ("Get a gist revision")
// "Truncation": each file's `content` stops at one megabyte and says `truncated: true`, its whole body at
// `raw_url`; past 300 files the list itself is cut and the top-level `truncated` is true. A private or
// missing gist is 404 { message: 'Not Found', documentation_url }. The API's hourly and secondary limits
// are the GitHub stand-in's own (gist calls count against the same 60). `raw_url` points at this server's
// `/gist-raw/<user>/<id>/raw/<sha>/<name>` (gist.githubusercontent.com's shape; whether its segment is the
// revision or the file's blob SHA is not documented: the revision here). Unknown, so not imitated: how the API
// sends a binary file's content (here as UTF-8 text, like any other), and whether raw_url refuses files over
// 10 MB (the docs say to clone those).
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { bareGit } from './bareGit'

export interface GistLimits {
  /** A file's content stops here (`truncated: true`); one megabyte on GitHub. */
  contentBytes: number
  /** The files list stops here (top-level `truncated: true`); 300 on GitHub. */
  files: number
}

export const GIST_LIMITS: GistLimits = { contentBytes: 1024 * 1024, files: 300 }

/** The bare repository of gist `id`, whoever owns it. */
function gistDir(gitRoot: string, id: string): { user: string; dir: string } | undefined {
  if (!/^[0-9a-f]+$/i.test(id) || !existsSync(gitRoot)) return undefined
  for (const user of readdirSync(gitRoot)) {
    const dir = join(gitRoot, user, `${id}.git`)
    if (existsSync(dir)) return { user, dir }
  }
  return undefined
}

export const isGistPath = (path: string): boolean => /^\/gists\/|^\/gist-raw\//.test(path)
export const isGistRawPath = (path: string): boolean => path.startsWith('/gist-raw/')

const NOT_FOUND = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/gists/gists#get-a-gist' }

/** `{ status, body }` for a gist API or raw path (`isGistPath`); JSON bodies are objects, raw ones bytes. */
export async function answerGist(
  gitRoot: string,
  path: string,
  base: string,
  limits: GistLimits,
): Promise<{ status: number; body: unknown; isRaw?: boolean }> {
  const raw = /^\/gist-raw\/[^/]+\/([0-9a-f]+)\/raw\/([0-9a-f]{40})\/([^/]+)$/.exec(path)
  if (raw) {
    const at = gistDir(gitRoot, raw[1])
    const body = at && (await bareGit(['cat-file', 'blob', `${raw[2]}:${decodeURIComponent(raw[3])}`], at.dir))
    return body ? { status: 200, body, isRaw: true } : { status: 404, body: Buffer.from('404: Not Found'), isRaw: true }
  }
  const api = /^\/gists\/([0-9a-f]+)(?:\/([0-9a-f]{40}))?$/.exec(path)
  const at = api && gistDir(gitRoot, api[1])
  if (!api || !at) return { status: 404, body: NOT_FOUND }
  const rev = (await bareGit(['rev-parse', '--verify', '--quiet', `${api[2] ?? 'HEAD'}^{commit}`], at.dir))
    ?.toString()
    .trim()
  if (!rev) return { status: 404, body: NOT_FOUND }
  const log = (await bareGit(['log', '--format=%H %cI', rev], at.dir))?.toString().trim().split('\n') ?? []
  const history = log.map((line) => {
    const [version, committedAt] = line.split(' ')
    return { version, committed_at: committedAt, change_status: {}, url: `${base}/gists/${api[1]}/${version}` }
  })
  const entries = ((await bareGit(['ls-tree', '-l', rev], at.dir))?.toString() ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [meta, name] = line.split('\t')
      const [, type, , size] = meta.split(/\s+/)
      return { name, type, size: Number(size) }
    })
    .filter((e) => e.type === 'blob')
  const files: Record<string, unknown> = {}
  for (const e of entries.slice(0, limits.files)) {
    const bytes = (await bareGit(['cat-file', 'blob', `${rev}:${e.name}`], at.dir)) ?? Buffer.alloc(0)
    const truncated = bytes.length > limits.contentBytes
    files[e.name] = {
      filename: e.name,
      type: 'text/plain',
      language: null,
      raw_url: `${base}/gist-raw/${at.user}/${api[1]}/raw/${rev}/${encodeURIComponent(e.name)}`,
      size: e.size,
      truncated,
      content: bytes.subarray(0, limits.contentBytes).toString('utf8'),
      encoding: 'utf-8',
    }
  }
  return {
    status: 200,
    body: {
      id: api[1],
      public: true,
      files,
      owner: { login: at.user },
      history,
      truncated: entries.length > limits.files,
      git_pull_url: `${base}/${api[1]}.git`,
    },
  }
}
