import http from 'isomorphic-git/http/node'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { parseLaunchUrl } from '../launch'
import { AppError } from '../shared/errors'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { checkUpstream, openRepo, type CommitRecord, type OpenRepoIo, type RepoRecord } from './openRepo'
import { gitSource } from './source'

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname
const LFS = 'version https://git-lfs.github.com/spec/v1\noid sha256:' + 'a'.repeat(64) + '\nsize 123456\n'

let server: GitServer
let root: string
let url: string
let first: string
let second: string

beforeAll(async () => {
  server = await startGitServer()
  ;({ cloneUrl: url, sha: first } = await server.addRepo('r', fixture, { tag: 'v1' }))
  second = await server.commitFiles('r', { 'data.bin': LFS, 'new.txt': 'second' })
})
afterAll(async () => {
  await server.stop()
  await rm(root, { recursive: true, force: true })
})

async function freshIo(over: { cloneUrl?: string; maxBytes?: number } = {}) {
  root = await mkdtemp(join(tmpdir(), 'quire-open-'))
  const fs = prefixedFs(root)
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  const io: OpenRepoIo = {
    fs,
    source: gitSource({ fs, http, url: over.cloneUrl ?? url, maxBytes: over.maxBytes ?? 10 * 2 ** 20 }),
    demoBaseUrl: '',
    records: { get: async (k) => repos.get(k), put: async (r) => void repos.set(r.key, r) },
    commits: { get: async (k) => commits.get(k), put: async (r) => void commits.set(r.id, r) },
  }
  return { io, repos, commits }
}
/** A real git source, counted: how many ref lookups and downloads a flow costs. */
async function countedIo(cloneUrl: string) {
  const fresh = await freshIo({ cloneUrl })
  const calls = { lookups: 0, downloads: 0 }
  const real = fresh.io.source
  fresh.io.source = {
    ...real,
    lookup: (ref) => (calls.lookups++, real.lookup(ref)),
    download: (dir, target, onProgress) => (calls.downloads++, real.download(dir, target, onProgress)),
  }
  return { ...fresh, calls }
}
const spec = (ref: string) => parseLaunchUrl(`/v2/git/${encodeURIComponent(url)}/${encodeURIComponent(ref)}`)
const paths = (s: { files: { path: string }[] }) => s.files.map((f) => f.path)
async function codeOf(p: Promise<unknown>) {
  return p.then(
    () => 'no error',
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  )
}

describe('openRepo against a real git server', () => {
  it('resolves a branch, then reopens the same commit from storage after one ref lookup', async () => {
    const { io } = await freshIo()
    const a = await openRepo(spec('main'), io)
    expect(a).toMatchObject({ sha: second, isFromCache: false })
    const b = await openRepo(spec('main'), io)
    expect(b).toMatchObject({ sha: second, isFromCache: true })
  })

  it('reports Git LFS pointers and leaves them out of the files', async () => {
    const { io, repos } = await freshIo()
    const s = await openRepo(spec('HEAD'), io)
    expect(s.lfsPointers).toEqual(['data.bin'])
    expect(paths(s)).toContain('new.txt')
    expect(paths(s)).not.toContain('data.bin')
    expect(repos.get(spec('HEAD').key)?.lfsPointers).toEqual(['data.bin'])
  })

  it('resolves an annotated tag to its commit', async () => {
    const { io } = await freshIo()
    const s = await openRepo(spec('v1'), io)
    expect(s.sha).toBe(first)
    expect(paths(s)).not.toContain('new.txt')
  })

  it('finds a commit that is no branch tip by deepening, by full or short SHA', async () => {
    const { io } = await freshIo()
    expect((await openRepo(spec(first), io)).sha).toBe(first)
    const short = await openRepo(spec(first.slice(0, 7)), io)
    expect(short.sha).toBe(first)
    expect(paths(short)).not.toContain('new.txt')
    expect((await openRepo(spec(second.slice(0, 8)), io)).sha).toBe(second)
  })

  it('gives stable codes for a missing branch and a missing commit', async () => {
    const { io } = await freshIo()
    expect(await codeOf(openRepo(spec('no-such-branch'), io))).toBe('REF_NOT_FOUND')
    expect(await codeOf(openRepo(spec('deadbeef'), io))).toBe('COMMIT_NOT_FOUND')
  })

  it('stops a repository over the size cap and leaves nothing behind', async () => {
    const { io, repos, commits } = await freshIo({ maxBytes: 200 })
    expect(await codeOf(openRepo(spec('main'), io))).toBe('REPO_TOO_LARGE')
    expect(repos.size + commits.size).toBe(0)
    expect(await readdir(join(root, 'repos'))).toEqual([])
  })

  it('a clone cut off mid-pack leaves nothing behind, and the next attempt starts clean', async () => {
    const { io, repos, commits } = await freshIo()
    server.cutPacksAfter(100)
    try {
      expect(await codeOf(openRepo(spec('main'), io))).toBe('REPO_UNREACHABLE')
    } finally {
      server.cutPacksAfter(undefined)
    }
    expect(repos.size + commits.size).toBe(0)
    expect(await readdir(join(root, 'repos'))).toEqual([])
    expect(await openRepo(spec('main'), io)).toMatchObject({ sha: second, isFromCache: false })
  })

  it('a ref opened before opens its stored commit at once: no lookup, no download', async () => {
    const own = await startGitServer()
    const { cloneUrl, sha: v1 } = await own.addRepo('fast', fixture)
    const { io, calls } = await countedIo(cloneUrl)
    const ownSpec = parseLaunchUrl(`/v2/git/${encodeURIComponent(cloneUrl)}/main`)
    expect(await openRepo(ownSpec, io)).toMatchObject({ sha: v1, isFromCache: false })
    expect(calls).toEqual({ lookups: 1, downloads: 1 })
    await own.commitFiles('fast', { 'a.ipynb': '{"cells": []}' })
    // A lookup that would never answer does not hold the stored commit back.
    io.source.lookup = () => new Promise(() => undefined)
    const again = await openRepo(ownSpec, io)
    expect(again).toMatchObject({ sha: v1, isFromCache: true, isRefUnchecked: true })
    expect(calls).toEqual({ lookups: 1, downloads: 1 })
    await own.stop()
  })

  it('the background check: current, then moved with what changed (downloaded once), kept when declined, and asked again for a newer commit', async () => {
    const own = await startGitServer()
    const { cloneUrl, sha: v1 } = await own.addRepo('u', fixture)
    const { io, repos, calls } = await countedIo(cloneUrl)
    const ownSpec = parseLaunchUrl(`/v2/git/${encodeURIComponent(cloneUrl)}/main`)
    await openRepo(ownSpec, io)
    const opened = await openRepo(ownSpec, io)
    expect(await checkUpstream(ownSpec, opened, io)).toEqual({ kind: 'current' })
    expect(calls).toEqual({ lookups: 2, downloads: 1 })

    const v2 = await own.commitFiles('u', { 'a.ipynb': '{"cells": []}', 'added.txt': 'new' })
    const still = await openRepo(ownSpec, io)
    expect(still).toMatchObject({ sha: v1, isFromCache: true, isRefUnchecked: true })
    const moved = await checkUpstream(ownSpec, still, io)
    if (moved.kind !== 'moved') throw new Error(`expected moved, got ${moved.kind}`)
    expect(moved.change.sha).toBe(v2)
    expect(moved.change.changed.map((c) => c.path)).toEqual(['a.ipynb', 'added.txt'])
    expect(calls.downloads).toBe(2)
    // Until the user chooses, the next launch finds the new commit stored: no second download.
    expect(await checkUpstream(ownSpec, await openRepo(ownSpec, io), io)).toMatchObject({
      kind: 'moved',
      change: { sha: v2 },
    })
    expect(calls.downloads).toBe(2)

    // Kept: the same new commit is not offered again, and nothing is downloaded for it.
    await io.records.put({ ...repos.get(ownSpec.key)!, declinedSha: v2 })
    expect(await checkUpstream(ownSpec, await openRepo(ownSpec, io), io)).toEqual({ kind: 'kept', sha: v2 })
    expect(repos.get(ownSpec.key)?.declinedSha).toBe(v2)
    // A newer commit asks again.
    const v3 = await own.commitFiles('u', { 'added.txt': 'newer' })
    const newer = await checkUpstream(ownSpec, await openRepo(ownSpec, io), io)
    if (newer.kind !== 'moved') throw new Error(`expected moved, got ${newer.kind}`)
    expect(newer.change.sha).toBe(v3)

    // Updated (what the prompt writes): the record points at the new commit, which opens from storage.
    await io.records.put({ ...repos.get(ownSpec.key)!, sha: v3, dir: newer.change.dir, declinedSha: undefined })
    const updated = await openRepo(ownSpec, io)
    expect(updated).toMatchObject({ sha: v3, isFromCache: true })
    expect(paths(updated)).toContain('added.txt')
    expect(await checkUpstream(ownSpec, updated, io)).toEqual({ kind: 'current' })
    await own.stop()
  })

  it('offline: a ref opens its last commit, marked stale; a stored full SHA needs no network', async () => {
    const own = await startGitServer()
    const { cloneUrl } = await own.addRepo('o', fixture)
    const { io, repos } = await freshIo({ cloneUrl })
    const ownSpec = (ref: string) => parseLaunchUrl(`/v2/git/${encodeURIComponent(cloneUrl)}/${ref}`)
    const online = await openRepo(ownSpec('main'), io)
    await openRepo(ownSpec(online.sha), io)
    await own.stop()
    const offline = await openRepo(ownSpec('main'), io)
    expect(offline).toMatchObject({ sha: online.sha, isFromCache: true, isRefUnchecked: true })
    expect(offline.fetchedAt).toBeLessThanOrEqual(Date.now())
    // The background check cannot reach the server: no change to offer, and the record says stale.
    expect(await checkUpstream(ownSpec('main'), offline, io)).toMatchObject({
      kind: 'unknown',
      error: { code: 'REPO_UNREACHABLE' },
    })
    expect(repos.get(ownSpec('main').key)?.isStale).toBe(true)
    const pinned = await openRepo(ownSpec(online.sha), io)
    expect(pinned).toMatchObject({ sha: online.sha, isFromCache: true })
    expect(await codeOf(openRepo(ownSpec('other'), io))).toBe('REPO_UNREACHABLE')
  })
})
