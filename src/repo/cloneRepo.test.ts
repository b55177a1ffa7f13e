// cloneRepo against the real git test server with injected faults: transient ones are retried
// with backoff and the clone completes; lasting ones end in REPO_UNREACHABLE with nothing left.
import http from 'isomorphic-git/http/node'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { AppError } from '../shared/errors'
import type { RetryOptions } from '../shared/retry'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { cloneRepo } from './cloneRepo'
import { gitSource } from './source'

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname

let server: GitServer
let url: string
let sha: string
let root: string
beforeAll(async () => {
  server = await startGitServer()
  ;({ cloneUrl: url, sha } = await server.addRepo('r', fixture))
  root = await mkdtemp(join(tmpdir(), 'quire-clone-'))
})
afterAll(async () => {
  await server.stop()
  await rm(root, { recursive: true, force: true })
})
beforeEach(() => server.faults.clear())

const retries: string[] = []
const waits: number[] = []
// Short real waits (10 ms, 20 ms before jitter), each retry noted.
const retry: RetryOptions = {
  baseMs: 10,
  onRetry: (r) => void (retries.push(`${r.attempt}: ${r.reason}`), waits.push(r.waitMs)),
}
const clone = (o: { idleTimeoutMs?: number } = {}) => {
  retries.length = 0
  waits.length = 0
  return cloneRepo({
    fs: prefixedFs(root),
    http,
    dir: '/r',
    url,
    target: { kind: 'ref', name: 'main', sha },
    maxBytes: 10 * 2 ** 20,
    retry,
    ...o,
  })
}
const source = (idleTimeoutMs = 2000) => {
  retries.length = 0
  waits.length = 0
  return gitSource({ fs: prefixedFs(root), http, url, maxBytes: 10 * 2 ** 20, idleTimeoutMs, retry })
}
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  )

describe('cloneRepo meets faults', () => {
  it('a connection cut mid-pack, then a 500: retried, and the clone completes', async () => {
    server.faults.set({ match: '/git-upload-pack', mode: 'close-mid', afterBytes: 200, times: 1 })
    server.faults.set({ match: '/git-upload-pack', mode: 'status-500', times: 1 })
    expect(await clone()).toBe(sha)
    expect(server.faults.hits).toEqual(['close-mid /r.git/git-upload-pack', 'status-500 /r.git/git-upload-pack'])
    expect(retries).toHaveLength(2)
  })

  it('a stalled server is given up after the idle timeout and retried', async () => {
    // Held until the test ends: only the idle timer can end it, and 2 s of silence is not load on a healthy answer.
    server.faults.set({ match: '/git-upload-pack', mode: 'hold', times: 1 })
    expect(await clone({ idleTimeoutMs: 2000 })).toBe(sha)
    expect(retries).toEqual([expect.stringContaining('no data from')])
  })

  it('a lasting fault: three tries, then REPO_UNREACHABLE and no half-written folder', async () => {
    server.faults.set({ match: '/git-upload-pack', mode: 'truncate', afterBytes: 300 })
    expect(await codeOf(clone())).toBe('REPO_UNREACHABLE')
    expect(server.faults.hits).toHaveLength(3)
    expect(await readdir(root)).toEqual([])
  })

  it('an answer that will not change (not a git server) is not retried', async () => {
    server.faults.set({ match: '/info/refs', mode: 'wrong-type' })
    expect(await codeOf(clone())).toBe('REPO_UNREACHABLE')
    expect(retries).toEqual([])
  })

  it('a 429 with Retry-After is retried after the wait the server asked for', async () => {
    server.faults.set({ match: '/git-upload-pack', mode: 'status', status: 429, retryAfter: '0', times: 1 })
    expect(await clone()).toBe(sha)
    expect(retries).toEqual(['2: HTTP 429'])
    expect(waits).toEqual([0])
  })

  it('a 4xx other than 408/429 is an answer: not retried', async () => {
    server.faults.set({ match: '/git-upload-pack', mode: 'status', status: 400 })
    expect(await codeOf(clone())).toBe('REPO_UNREACHABLE')
    expect(retries).toEqual([])
    expect(server.faults.hits).toHaveLength(1)
  })
})

describe('the ref lookup (info/refs) meets faults', () => {
  it('a 503 and a stall are retried and the lookup answers', async () => {
    server.faults.set({ match: '/info/refs', mode: 'status', status: 503, times: 1 })
    server.faults.set({ match: '/info/refs', mode: 'hold', times: 1 })
    expect(await source().lookup('main')).toEqual({ kind: 'ref', name: 'main', sha, isTag: false })
    expect(retries).toEqual(['2: HTTP 503', expect.stringMatching(/^3: no data from 127\.0\.0\.1:\d+ for 2 s$/)])
  })

  it('a lasting stall gives up after three tries, so a stored copy can open', async () => {
    server.faults.set({ match: '/info/refs', mode: 'hold' })
    expect(await codeOf(source().lookup('main'))).toBe('REPO_UNREACHABLE')
    expect(server.faults.hits).toHaveLength(3)
  })

  it('a missing ref is not retried', async () => {
    expect(await codeOf(source().lookup('no-such-branch'))).toBe('REF_NOT_FOUND')
    expect(retries).toEqual([])
  })
})
