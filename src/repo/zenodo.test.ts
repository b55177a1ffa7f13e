import { zipSync } from 'fflate'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { startZenodoServer, type ZenodoServer } from '../../e2e/servers/zenodo-server'
import { parseLaunchUrl } from '../launch'
import type { RetryEvent } from '../shared/retry'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { checkUpstream, openRepo, type CommitRecord, type RepoRecord } from './openRepo'
import { zenodoSource } from './zenodo'

const text = (s: string) => new TextEncoder().encode(s)
const nb = JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 })
let zen: ZenodoServer
const roots: string[] = []

beforeAll(async () => {
  zen = await startZenodoServer()
  // A GitHub release archived by Zenodo: one zip holding one folder.
  const release = zipSync({
    'me-paper-1a2b3c4/analysis.ipynb': text(nb),
    'me-paper-1a2b3c4/requirements.txt': text(''),
  })
  zen.add({ id: 101, conceptId: 100, files: { 'me/paper-v1.0.zip': release } })
  zen.add({ id: 201, conceptId: 200, files: { 'a.ipynb': text(nb), 'data.csv': text('x,y\n1,2\n') } })
  zen.add({ id: 301, conceptId: 300, files: { 'a.ipynb': text(nb) }, access: 'restricted' })
  zen.add({ id: 401, conceptId: 400, files: {}, access: 'metadata-only' })
  zen.add({ id: 501, conceptId: 500, files: { 'a.ipynb': text(nb) }, isDeleted: true })
})
afterAll(async () => {
  await zen.stop()
  for (const r of roots) await rm(r, { recursive: true, force: true })
})
beforeEach(() => {
  zen.faults.clear()
  zen.requests.length = 0
})

const retries: string[] = []
async function freshIo(doi: string, maxBytes = 10 * 2 ** 20) {
  const root = await mkdtemp(join(tmpdir(), 'quire-zenodo-'))
  roots.push(root)
  const fs = prefixedFs(root)
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  retries.length = 0
  const retry = { baseMs: 10, onRetry: (r: RetryEvent) => void retries.push(`${r.attempt}: ${r.reason}`) }
  const recordId = doi.split('zenodo.')[1]
  const source = zenodoSource({ fs, fetch, apiUrl: zen.apiUrl, recordId, maxBytes, idleTimeoutMs: 2000, retry })
  return {
    fs,
    source,
    demoBaseUrl: '',
    records: { get: async (k: string) => repos.get(k), put: async (r: RepoRecord) => void repos.set(r.key, r) },
    commits: { get: async (k: string) => commits.get(k), put: async (r: CommitRecord) => void commits.set(r.id, r) },
  }
}
const specOf = (doi: string) => parseLaunchUrl(`/v2/zenodo/${doi}`)
const paths = (files: { path: string }[]) => files.map((f) => f.path).sort()

it("opens a version's single release zip as the repository it holds, keyed by the record id", async () => {
  const doi = '10.5281/zenodo.101'
  const io = await freshIo(doi)
  const s = await openRepo(specOf(doi), io)
  expect(s).toMatchObject({ sha: '101', isFromCache: false })
  expect(paths(s.files)).toEqual(['analysis.ipynb', 'requirements.txt'])
  // Reopened from storage with no request at all; the later upstream check asks once and finds it current.
  zen.requests.length = 0
  const again = await openRepo(specOf(doi), io)
  expect(again).toMatchObject({ sha: '101', isFromCache: true, isRefUnchecked: true })
  expect(zen.requests).toEqual([])
  expect(await checkUpstream(specOf(doi), again, io)).toEqual({ kind: 'current' })
})

it('keeps several files as they are', async () => {
  const doi = '10.5281/zenodo.201'
  const s = await openRepo(specOf(doi), await freshIo(doi))
  expect(paths(s.files)).toEqual(['a.ipynb', 'data.csv'])
})

it("a concept DOI opens its latest version, and a new version shows as the upstream's move", async () => {
  const doi = '10.5281/zenodo.100'
  const io = await freshIo(doi)
  const s = await openRepo(specOf(doi), io)
  expect(s.sha).toBe('101')
  // Zenodo answers 404 for a concept id asked as a record; the search by conceptrecid finds the version.
  expect(zen.requests).toContain('/api/records/100')
  expect(zen.requests).toContain('/api/records?q=conceptrecid%3A100&size=1')
  zen.add({ id: 102, conceptId: 100, files: { 'analysis.ipynb': text(nb), 'new.py': text('print(1)') } })
  const check = await checkUpstream(specOf(doi), s, io)
  expect(check).toMatchObject({ kind: 'moved', change: { sha: '102' } })
})

it('a restricted, metadata-only or deleted record is named as such, not as a network failure', async () => {
  for (const [id, code] of [
    ['301', 'RECORD_RESTRICTED'],
    ['401', 'RECORD_RESTRICTED'],
    ['501', 'REPO_NOT_FOUND'],
    ['999', 'REPO_NOT_FOUND'],
  ]) {
    const doi = `10.5281/zenodo.${id}`
    await expect(openRepo(specOf(doi), await freshIo(doi)), id).rejects.toMatchObject({ code })
  }
})

it("retries Zenodo's rate limit and a body cut short, then opens", async () => {
  const doi = '10.5281/zenodo.201'
  const io = await freshIo(doi)
  zen.faults.set({ match: '/api/records/201', mode: 'status', status: 429, retryAfter: '0', times: 1 })
  zen.faults.set({ match: '/data.csv/content', mode: 'truncate', afterBytes: 3, times: 1 })
  const s = await openRepo(specOf(doi), io)
  expect(paths(s.files)).toEqual(['a.ipynb', 'data.csv'])
  expect(new TextDecoder().decode(s.files.find((f) => f.path === 'data.csv')!.data)).toBe('x,y\n1,2\n')
  expect(retries.join('\n')).toMatch(/429/)
  expect(retries.join('\n')).toMatch(/got 3 of 8 bytes/)
})

it('refuses a record larger than the cap before downloading a file', async () => {
  const doi = '10.5281/zenodo.201'
  await expect(openRepo(specOf(doi), await freshIo(doi, 10))).rejects.toMatchObject({ code: 'REPO_TOO_LARGE' })
  expect(zen.requests.some((r) => r.endsWith('/content'))).toBe(false)
})
