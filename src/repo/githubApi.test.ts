import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { parseLaunchUrl } from '../launch'
import { AppError } from '../shared/errors'
import type { RetryEvent } from '../shared/retry'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { githubApiSource } from './githubApi'
import { checkUpstream, openRepo, type CommitRecord, type RepoRecord } from './openRepo'

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

const retries: string[] = []
async function freshIo(maxBytes = 10 * 2 ** 20, idleTimeoutMs?: number) {
  root = await mkdtemp(join(tmpdir(), 'quire-gh-'))
  const fs = prefixedFs(root)
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  retries.length = 0
  const retry = { baseMs: 10, onRetry: (r: RetryEvent) => void retries.push(`${r.attempt}: ${r.reason}`) }
  const source = githubApiSource({
    fs,
    fetch,
    apiUrl: gh.apiUrl,
    rawUrl: gh.rawUrl,
    owner: 'octo',
    repo: 'notes',
    maxBytes,
    concurrency: 3,
    idleTimeoutMs,
    retry,
  })
  return {
    fs,
    source,
    demoBaseUrl: '',
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
  const again = await openRepo(spec('main'), io)
  expect(again).toMatchObject({ sha: second, isFromCache: true })
  // The reopen itself asks nothing; the background upstream check after it costs one commits call.
  expect(gh.requests).toEqual([])
  expect(await checkUpstream(spec('main'), again, io)).toEqual({ kind: 'current' })
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
    expect(err).toMatchObject({
      code: 'GITHUB_RATE_LIMITED',
      data: { resetAt: Math.floor(reset.getTime() / 1000) * 1000 },
    })
    gh.limitAfter(undefined)
    await openRepo(spec('main'), io)
    gh.limitAfter(0, reset)
    const stored = await openRepo(spec('main'), io)
    expect(stored).toMatchObject({ sha: second, isFromCache: true })
    // The background upstream check meets the limit: nothing to offer, and the record says stale.
    expect(await checkUpstream(spec('main'), stored, io)).toMatchObject({
      kind: 'unknown',
      error: { code: 'GITHUB_RATE_LIMITED' },
    })
    expect(await io.records.get(spec('main').key)).toMatchObject({ isStale: true })
  } finally {
    gh.limitAfter(undefined)
  }
  expect(apiCalls().length).toBeGreaterThan(0)
})

describe('faults on the API and the raw host', () => {
  beforeEach(() => gh.faults.clear())

  it('a 503 with Retry-After, a raw file cut mid-body and a 429: retried, and the commit opens', async () => {
    const io = await freshIo()
    gh.faults.set({ match: '/commits/main', mode: 'status', status: 503, retryAfter: '0', times: 1 })
    gh.faults.set({ match: '/raw/octo/notes/', mode: 'close-mid', afterBytes: 10, times: 1 })
    gh.faults.set({ match: '/git/trees/', mode: 'status', status: 429, times: 1 })
    expect(await openRepo(spec('main'), io)).toMatchObject({ sha: second, isFromCache: false })
    expect(gh.faults.hits).toHaveLength(3)
    // The lookup, the tree listing, then the files (a cut connection is fetch's TypeError).
    expect(retries).toEqual(['2: HTTP 503', '2: HTTP 429', expect.stringMatching(/^2: \S/)])
  })

  it('a stalled API answer is given up after the idle timeout and retried', async () => {
    const io = await freshIo(undefined, 2000)
    // Held until the test ends: only the idle timer can end it (no race between two clocks under load).
    gh.faults.set({ match: '/commits/main', mode: 'hold', times: 1 })
    expect(await openRepo(spec('main'), io)).toMatchObject({ sha: second })
    expect(retries).toEqual([expect.stringMatching(/^2: no data from 127\.0\.0\.1:\d+ for 2 s$/)])
  })

  it('a listing cut short (JSON that does not parse) is retried', async () => {
    const io = await freshIo()
    gh.faults.set({ match: '/git/trees/', mode: 'truncate', afterBytes: 20, times: 1 })
    expect(await openRepo(spec('main'), io)).toMatchObject({ sha: second })
    expect(retries).toEqual(['2: the answer is not JSON (cut short?)'])
  })

  it('a lasting 500: three tries, then REPO_UNREACHABLE; a 422 (no such ref) is not retried', async () => {
    const io = await freshIo()
    gh.faults.set({ match: '/commits/main', mode: 'status-500' })
    await expect(openRepo(spec('main'), io)).rejects.toMatchObject({
      code: 'REPO_UNREACHABLE',
      data: { detail: 'HTTP 500' },
    })
    expect(gh.faults.hits).toHaveLength(3)
    retries.length = 0
    await expect(openRepo(spec('nope'), io)).rejects.toMatchObject({ code: 'REF_NOT_FOUND' })
    expect(retries).toEqual([])
  })
})
