// A gl link with no CORS proxy (issue 19): GitLab's REST API v4 (its stand-in, e2e/servers/gitlab-server.ts)
// resolves the ref, lists the tree page by page (X-Next-Page) and serves each raw file.
import http from 'isomorphic-git/http/node'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGitlabServer, type GitlabServer } from '../../e2e/servers/gitlab-server'
import { defaultConfig, type QuireConfig } from '../config'
import { parseLaunchUrl } from '../launch'
import { AppError } from '../shared/errors'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { openRepo, type CommitRecord, type RepoRecord } from './openRepo'
import { sourceFor } from './sourceFor'

let git: GitServer
let gl: GitlabServer
let sha: string
let manySha: string
const roots: string[] = []

beforeAll(async () => {
  git = await startGitServer()
  ;({ sha } = await git.addRepo(
    'group/sub/project',
    new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname,
  ))
  const many = await mkdtemp(join(tmpdir(), 'quire-gl-src-'))
  roots.push(many)
  for (let i = 0; i < 150; i++) await writeFile(join(many, `f${String(i).padStart(3, '0')}.txt`), `${i}\n`)
  ;({ sha: manySha } = await git.addRepo('group/many', many))
  gl = await startGitlabServer(git.root)
})
afterAll(async () => {
  await gl.stop()
  await git.stop()
  for (const r of roots) await rm(r, { recursive: true, force: true })
})
beforeEach(() => {
  gl.requests.length = 0
  gl.limitAfter(undefined)
})

const config = (over: Partial<QuireConfig> = {}): QuireConfig => ({
  ...defaultConfig('http://app.test'),
  corsProxy: '',
  gitlabUrl: gl.url,
  ...over,
})

async function launch(path: string, cfg = config()) {
  const root = await mkdtemp(join(tmpdir(), 'quire-gl-'))
  roots.push(root)
  const fs = prefixedFs(root)
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  const spec = parseLaunchUrl(path)
  const snap = await openRepo(spec, {
    fs,
    demoBaseUrl: '',
    source: sourceFor(spec, cfg, { fs, http, fetch }),
    records: { get: async (k) => repos.get(k), put: async (r) => void repos.set(r.key, r) },
    commits: { get: async (k) => commits.get(k), put: async (r) => void commits.set(r.id, r) },
  })
  return { snap, record: repos.get(spec.key) }
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'opened',
    (x: unknown) =>
      x instanceof AppError ? `${x.code}${x.data.detail ? ` ${String(x.data.detail)}` : ''}` : String(x),
  )

describe('a GitLab project through its REST API', () => {
  it('opens a branch: one commit lookup, the tree, then each raw file', async () => {
    const { snap, record } = await launch('/v2/gl/group%2Fsub%2Fproject/main')
    expect(snap.sha).toBe(sha)
    expect(snap.files.map((f) => f.path)).toEqual(['README.md', 'a.ipynb', 'sub/b.ipynb'])
    expect(record?.route).toBe('gitlab-api')
    expect(gl.requests[0]).toBe('/api/v4/projects/group%2Fsub%2Fproject/repository/commits/main')
    expect(gl.requests).toContain(
      `/api/v4/projects/group%2Fsub%2Fproject/repository/files/sub%2Fb.ipynb/raw?ref=${sha}`,
    )
  })

  it('HEAD is the project’s default branch; a tree over 100 entries is read page by page', async () => {
    const { snap } = await launch('/v2/gl/group%2Fmany/HEAD')
    expect(snap.sha).toBe(manySha)
    expect(snap.files).toHaveLength(150)
    const pages = gl.requests.filter((r) => r.includes('/repository/tree'))
    expect(pages.map((r) => new URL(r, 'http://x').searchParams.get('page'))).toEqual(['1', '2'])
  })

  it('a private or missing project is REPO_NOT_FOUND; a missing branch REF_NOT_FOUND', async () => {
    expect(await failure(launch('/v2/gl/group%2Fsecret/main'))).toBe('REPO_NOT_FOUND')
    expect(await failure(launch('/v2/gl/group%2Fmany/nope'))).toMatch(/^REF_NOT_FOUND/)
  })

  it('429 (its rate limit) is retried after Retry-After, then the launch says the host is unreachable', async () => {
    gl.limitAfter(0, 0)
    expect(await failure(launch('/v2/gl/group%2Fmany/main', config({ networkTimeoutMs: 2000 })))).toMatch(
      /^REPO_UNREACHABLE HTTP 429/,
    )
    expect(gl.requests.length).toBeGreaterThan(1)
  })
})
