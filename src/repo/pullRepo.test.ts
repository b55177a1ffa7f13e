import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import http from 'isomorphic-git/http/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { parseLaunchUrl } from '../launch'
import { prefixedFs } from './__fixtures__/prefixedFs'
import type { CommitRecord, RepoRecord } from './openRepo'
import { pullRepo } from './pullRepo'
import { gitSource } from './source'

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname
let git: GitServer
let root: string
beforeAll(async () => {
  git = await startGitServer()
  root = await mkdtemp(join(tmpdir(), 'quire-pull-'))
})
afterAll(async () => {
  await git.stop()
  await rm(root, { recursive: true, force: true })
})

it('each pull takes where the branch points now; offline, the last pulled commit opens', async () => {
  const { cloneUrl, sha: first } = await git.addRepo('course', fixture)
  const fs = prefixedFs(root)
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  const io = (url: string) => ({
    fs,
    source: gitSource({ fs, http, url, maxBytes: 10 * 2 ** 20, retry: { attempts: 1 } }),
    demoBaseUrl: '',
    records: { get: async (k: string) => repos.get(k), put: async (r: RepoRecord) => void repos.set(r.key, r) },
    commits: { get: async (k: string) => commits.get(k), put: async (r: CommitRecord) => void commits.set(r.id, r) },
  })
  const spec = parseLaunchUrl(`/v2/git/${encodeURIComponent(cloneUrl)}/main`)
  expect((await pullRepo(spec, io(cloneUrl))).sha).toBe(first)
  const second = await git.commitFiles('course', { 'week2.ipynb': '{}' })
  const pulled = await pullRepo(spec, io(cloneUrl))
  expect(pulled.sha).toBe(second)
  expect(pulled.files.map((f) => f.path)).toContain('week2.ipynb')
  // The server is gone: the record names the second commit, which opens from storage.
  const offline = await pullRepo(spec, io('http://127.0.0.1:9/course.git'))
  expect(offline).toMatchObject({ sha: second, isFromCache: true })
})
