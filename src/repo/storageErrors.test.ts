// A storage failure while a repository is written is STORAGE_FULL or STORAGE_FAILED, never REPO_UNREACHABLE, and
// a network failure never reads as storage: each class through the classifier, then through a real clone (git
// server stand-in) and a real jsDelivr download whose storage fails mid-checkout.
import http from 'isomorphic-git/http/node'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { startJsdelivrServer, type JsdelivrServer } from '../../e2e/servers/jsdelivr-server'
import { defaultConfig, mergeConfig } from '../config'
import { parseLaunchUrl } from '../launch'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { cloneRepo } from './cloneRepo'
import { toAppError } from './gitErrors'
import { sourceFor } from './sourceFor'
import { storageFailure } from './storageErrors'

const lightningFsError = (code: string) => Object.assign(new Error(`${code}: /repos/x/a.ipynb`), { code })

describe('storageFailure and toAppError: each failure keeps its own code', () => {
  const url = 'https://github.com/o/r.git'
  it.each([
    ['a quota refusal of IndexedDB', new DOMException('quota', 'QuotaExceededError'), 'STORAGE_FULL'],
    ['a full disk', lightningFsError('ENOSPC'), 'STORAGE_FULL'],
    ['an IndexedDB internal error', new DOMException('Internal error.', 'UnknownError'), 'STORAGE_FAILED'],
    [
      'a closed database',
      new DOMException('The database connection is closing.', 'InvalidStateError'),
      'STORAGE_FAILED',
    ],
    ['a LightningFS file error', lightningFsError('ENOTDIR'), 'STORAGE_FAILED'],
    ['a LightningFS name clash', lightningFsError('EEXIST'), 'STORAGE_FAILED'],
  ])('%s is the storage (%s)', (_what, e, code) => {
    expect(storageFailure(e, 'x')?.code).toBe(code)
    expect(toAppError(e, url, 'main').code).toBe(code)
  })
  it.each([
    ['a refused fetch (no connection, no CORS)', new TypeError('Failed to fetch')],
    ['an aborted request', new DOMException('The operation was aborted.', 'AbortError')],
    ["Node's refused connection", Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ["Node's socket timeout", Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })],
  ])('%s is the network', (_what, e) => {
    expect(storageFailure(e, 'x')).toBeUndefined()
    expect(toAppError(e, url, 'main').code).toBe('REPO_UNREACHABLE')
  })
  it("isomorphic-git's refusal of an unsafe path is the repository's, not the network's", () => {
    const e = Object.assign(new Error('The filepath "../x" contains unsafe character sequences'), {
      code: 'UnsafeFilepathError',
    })
    expect(toAppError(e, url, 'main').code).toBe('UNSAFE_PATH')
  })
})

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname
let git: GitServer
let gh: GithubServer
let jsd: JsdelivrServer
let sha: string
let root: string
beforeAll(async () => {
  git = await startGitServer()
  ;({ sha } = await git.addRepo('teach/course', fixture))
  gh = await startGithubServer(git.root)
  jsd = await startJsdelivrServer(git.root)
  root = await mkdtemp(join(tmpdir(), 'quire-storage-'))
})
afterAll(async () => {
  await Promise.all([jsd.stop(), gh.stop()])
  await git.stop()
  await rm(root, { recursive: true, force: true })
})

/** The test folder's fs, whose writes of notebooks fail as `fail()` says (the browser's storage giving out). */
function failingFs(fail: () => unknown) {
  const fs = prefixedFs(root)
  return {
    promises: {
      ...fs.promises,
      writeFile: async (path: string, data: Uint8Array | string, opts?: unknown) => {
        if (path.endsWith('.ipynb')) throw fail()
        return fs.promises.writeFile(path, data, opts)
      },
    },
  }
}

it('a clone whose checkout cannot write is STORAGE_FAILED, not retried, and leaves no folder', async () => {
  const retries: string[] = []
  const e = await cloneRepo({
    fs: failingFs(() => new DOMException('Internal error.', 'UnknownError')),
    http,
    dir: '/clone',
    url: `${git.url}/teach/course.git`,
    target: { kind: 'ref', name: 'main', sha },
    maxBytes: 1e7,
    retry: { baseMs: 1, onRetry: (r) => void retries.push(r.reason) },
  }).catch((x: unknown) => x)
  expect(e).toMatchObject({ code: 'STORAGE_FAILED', data: { cause: 'UnknownError' } })
  expect(retries).toEqual([])
  await expect(prefixedFs(root).promises.readdir('/clone')).rejects.toThrow()
})

it('a jsDelivr download that fills the storage is STORAGE_FULL, and GitHub’s API is not asked instead', async () => {
  const config = mergeConfig(defaultConfig('http://quire.test'), {
    jsdelivrDataUrl: jsd.dataUrl,
    jsdelivrCdnUrl: jsd.cdnUrl,
    githubApiUrl: gh.apiUrl,
    githubRawUrl: gh.rawUrl,
  })
  const apiBefore = gh.requests.length
  const source = sourceFor(parseLaunchUrl(`/v2/gh/teach/course/${sha}`), config, {
    fs: failingFs(() => new DOMException('quota', 'QuotaExceededError')),
    http,
    fetch,
  })
  const e = await source.download('/jsd', { kind: 'sha', prefix: sha }).catch((x: unknown) => x)
  expect(e).toMatchObject({ code: 'STORAGE_FULL' })
  expect(source.route).toBe('jsdelivr')
  expect(gh.requests.slice(apiBefore)).toEqual([])
})
