import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { parseLaunchUrl } from '../launch'
import { AppError } from '../shared/errors'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { githubApiSource } from './githubApi'
import { openRepo, type CommitRecord, type RepoRecord } from './openRepo'

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname
let git: GitServer
let gh: GithubServer
let root: string
let first: string
let second: string

beforeAll(async () => {
  git = await startGitServer()
  first = (await git.addRepo('octo/notes', fixture)).sha
  second = await git.commitFiles('octo/notes', { 'data/x y.csv': 'a,b\n1,2\n' })
  gh = await startGithubServer(git.root)
})
afterAll(async () => {
  await gh.stop()
  await git.stop()
  await rm(root, { recursive: true, force: true })
})

async function freshIo(maxBytes = 10 * 2 ** 20) {
  root = await mkdtemp(join(tmpdir(), 'quire-gh-'))
  const fs = prefixedFs(root)
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  const source = githubApiSource({ fs, fetch, apiUrl: gh.apiUrl, rawUrl: gh.rawUrl, owner: 'octo', repo: 'notes', maxBytes, concurrency: 3 })
  return {
    fs, source, demoBaseUrl: '',
    records: { get: async (k: string) => repos.get(k), put: async (r: RepoRecord) => void repos.set(r.key, r) },
    commits: { get: async (k: string) => commits.get(k), put: async (r: CommitRecord) => void commits.set(r.id, r) },
  }
}
const spec = (ref: string) => parseLaunchUrl(`/v2/gh/octo/notes/${ref}`)
const apiCalls = () => gh.requests.filter((r) => r.startsWith('/repos/'))
const raws = () => gh.requests.filter((r) => r.startsWith('/raw/'))

it('fetches a ref through the REST API and raw bodies; a reopen costs one commits call', async () => {
  const io = await freshIo()
  gh.requests.length = 0
  const s = await openRepo(spec('main'), io)
  expect(s.sha).toBe(second)
  expect(new TextDecoder().decode(s.files.find((f) => f.path === 'data/x y.csv')?.data)).toBe('a,b\n1,2\n')
  expect(raws()).toHaveLength(s.files.length)
  gh.requests.length = 0
  expect(await openRepo(spec('main'), io)).toMatchObject({ sha: second, isFromCache: true })
  expect(gh.requests).toEqual(['/repos/octo/notes/commits/main'])
})

it('resolves short SHAs and HEAD, and names a missing ref', async () => {
  const io = await freshIo()
  expect((await openRepo(spec(first.slice(0, 7)), io)).sha).toBe(first)
  expect((await openRepo(spec('HEAD'), io)).sha).toBe(second)
  await expect(openRepo(spec('nope'), io)).rejects.toMatchObject({ code: 'REF_NOT_FOUND' })
})

it('refuses an oversized tree before downloading any file', async () => {
  const io = await freshIo(100)
  gh.requests.length = 0
  await expect(openRepo(spec('main'), io)).rejects.toMatchObject({ code: 'REPO_TOO_LARGE' })
  expect(raws()).toEqual([])
  expect(await readdir(join(root, 'repos')).catch(() => [])).toEqual([])
})

it('a rate limit names its reset time; a stored copy still opens, marked stale', async () => {
  const io = await freshIo()
  const reset = new Date(Date.now() + 20 * 60_000)
  gh.limitAfter(0, reset)
  try {
    const err = await openRepo(spec('main'), io).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'GITHUB_RATE_LIMITED', data: { resetAt: Math.floor(reset.getTime() / 1000) * 1000 } })
    gh.limitAfter(undefined)
    await openRepo(spec('main'), io)
    gh.limitAfter(0, reset)
    expect(await openRepo(spec('main'), io)).toMatchObject({ sha: second, isFromCache: true, isStale: true })
  } finally {
    gh.limitAfter(undefined)
  }
  expect(apiCalls().length).toBeGreaterThan(0)
})
