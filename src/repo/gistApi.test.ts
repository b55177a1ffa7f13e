// A gist link with no CORS proxy (issue 19): GitHub's gist API (its stand-in, e2e/servers/gist-api.ts, inside the
// GitHub stand-in) gives the latest revision and the files in one call; a file the API cuts short comes from its
// raw_url; a list cut at 300 files, a missing gist and the API's limit each end in their own code.
import http from 'isomorphic-git/http/node'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { GIST_LIMITS } from '../../e2e/servers/gist-api'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { defaultConfig, type QuireConfig } from '../config'
import { parseLaunchUrl } from '../launch'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { openRepo, type CommitRecord, type RepoRecord } from './openRepo'
import { sourceFor } from './sourceFor'

const ID = '6e2d2c7c0a1b'
const NOTEBOOK = JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 })
const BIG = 'x'.repeat(5000) + '\n'

let git: GitServer
let gh: GithubServer
let first: string
let latest: string
const roots: string[] = []

beforeAll(async () => {
  git = await startGitServer()
  const src = await mkdtemp(join(tmpdir(), 'quire-gist-src-'))
  roots.push(src)
  await writeFile(join(src, 'analysis.ipynb'), NOTEBOOK)
  await writeFile(join(src, 'data.csv'), 'a,b\n1,2\n')
  ;({ sha: first } = await git.addRepo(`teacher/${ID}`, src))
  latest = await git.commitFiles(`teacher/${ID}`, { 'big.txt': BIG })
  gh = await startGithubServer(git.root)
})
afterAll(async () => {
  await gh.stop()
  await git.stop()
  for (const r of roots) await rm(r, { recursive: true, force: true })
})
beforeEach(() => {
  gh.requests.length = 0
  gh.limitAfter(undefined)
  gh.gistLimits = { ...GIST_LIMITS }
})

// gist.github.com itself: no CORS, so with no proxy the API is the only route.
const config = (): QuireConfig => ({ ...defaultConfig('http://app.test'), corsProxy: '', githubApiUrl: gh.apiUrl })

async function launch(path: string, cfg = config()) {
  const root = await mkdtemp(join(tmpdir(), 'quire-gist-'))
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
  const text = async (p: string) =>
    new TextDecoder().decode(await fs.promises.readFile(`${repos.get(spec.key)?.dir}/${p}`))
  return { snap, record: repos.get(spec.key), text }
}

describe('a gist through GitHub’s gist API', () => {
  it('opens its latest revision (`master`, as BinderHub names it) with one API call', async () => {
    const { snap, record, text } = await launch(`/v2/gist/teacher/${ID}/master`)
    expect(snap.sha).toBe(latest)
    expect(snap.files.map((f) => f.path).sort()).toEqual(['analysis.ipynb', 'big.txt', 'data.csv'])
    expect(await text('data.csv')).toBe('a,b\n1,2\n')
    expect(record?.route).toBe('gist-api')
    expect(gh.requests).toEqual([`/gists/${ID}`])
  })

  it('a pinned revision asks for that revision only', async () => {
    const { snap } = await launch(`/v2/gist/teacher/${ID}/${first}`)
    expect(snap.sha).toBe(first)
    expect(snap.files.map((f) => f.path).sort()).toEqual(['analysis.ipynb', 'data.csv'])
    expect(gh.requests).toEqual([`/gists/${ID}/${first}`])
  })

  it('a file the API cuts short (over its per-file content size) comes whole from raw_url', async () => {
    gh.gistLimits = { ...GIST_LIMITS, contentBytes: 1000 }
    const { text } = await launch(`/v2/gist/teacher/${ID}`)
    expect(await text('big.txt')).toBe(BIG)
    expect(gh.requests).toEqual([`/gists/${ID}`, `/gist-raw/teacher/${ID}/raw/${latest}/big.txt`])
  })

  it('a list cut at the API’s file count says so: REPO_TOO_LARGE, marked truncated', async () => {
    gh.gistLimits = { ...GIST_LIMITS, files: 2 }
    const e = await launch(`/v2/gist/teacher/${ID}`).catch((x: unknown) => x)
    expect(e).toMatchObject({ code: 'REPO_TOO_LARGE', data: { truncated: true } })
    expect((e as Error).message).toMatch(/only the first 300 files/)
  })

  it('a private or missing gist is REPO_NOT_FOUND; the API’s limit is GITHUB_RATE_LIMITED', async () => {
    expect(await launch('/v2/gist/teacher/0badc0de').catch((x: unknown) => x)).toMatchObject({
      code: 'REPO_NOT_FOUND',
    })
    gh.limitAfter(0)
    expect(await launch(`/v2/gist/teacher/${ID}`).catch((x: unknown) => x)).toMatchObject({
      code: 'GITHUB_RATE_LIMITED',
    })
  })
})
