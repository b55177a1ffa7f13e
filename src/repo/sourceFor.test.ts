// sourceFor hands config.networkTimeoutMs and the launch's onRetry to every source it makes, so a
// stalled or failing server is timed out and each retry reaches the launch screen.
import http from 'isomorphic-git/http/node'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { defaultConfig, mergeConfig } from '../config'
import { parseLaunchUrl } from '../launch'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { sourceFor } from './sourceFor'

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname
let git: GitServer
let gh: GithubServer
let cloneUrl: string
let sha: string
let root: string
beforeAll(async () => {
  git = await startGitServer()
  ;({ cloneUrl, sha } = await git.addRepo('octo/notes', fixture))
  gh = await startGithubServer(git.root)
  root = await mkdtemp(join(tmpdir(), 'quire-source-'))
})
afterAll(async () => {
  await gh.stop()
  await git.stop()
  await rm(root, { recursive: true, force: true })
})
beforeEach(() => {
  git.faults.clear()
  gh.faults.clear()
})

// jsDelivr off: these tests are about the API route, and unit tests never reach the real network.
const config = mergeConfig(defaultConfig('http://quire.test'), { networkTimeoutMs: 2000, jsdelivrDataUrl: '' })
const retried: string[] = []
const io = () => {
  retried.length = 0
  return {
    fs: prefixedFs(root),
    http,
    fetch,
    onRetry: (e: { url: string; attempt: number; reason: string }) =>
      void retried.push(`${e.url} ${e.attempt} ${e.reason}`),
  }
}

it('a /v2/git/ clone: the stall timeout comes from config, and its retry is told with the repository URL', async () => {
  // Held until the test ends: only the stall timer can end it.
  git.faults.set({ match: 'notes.git/git-upload-pack', mode: 'hold', times: 1 })
  const source = sourceFor(parseLaunchUrl(`/v2/git/${encodeURIComponent(cloneUrl)}/main`), config, io())
  expect(await source.download('/g', { kind: 'ref', name: 'main', sha })).toBe(sha)
  // The retry's reason proves the configured stall timer fired; no clock is read, since a time bound fails under load.
  expect(retried).toEqual([expect.stringMatching(new RegExp(`^${cloneUrl} 2 .*no data from`))])
})

it("a GitHub link without a proxy: the API's stall timeout and retries come from the same config", async () => {
  gh.faults.set({ match: '/commits/main', mode: 'hold', times: 1 })
  const ghConfig = mergeConfig(config, { corsProxy: '', githubApiUrl: gh.apiUrl, githubRawUrl: gh.rawUrl })
  const source = sourceFor(parseLaunchUrl('/v2/gh/octo/notes/main'), ghConfig, io())
  expect(await source.lookup('main')).toMatchObject({ kind: 'ref', sha })
  expect(retried).toEqual([expect.stringMatching(new RegExp(`^${gh.apiUrl} 2 no data from`))])
})

// The production defaults (no config override but the hosts): no shared public proxy on any route.
it('by default a gh link goes to jsDelivr, then GitHub’s API, and no proxy; a configured proxy comes first', async () => {
  const prod = defaultConfig('https://quire.example')
  expect(prod.corsProxy).toBe('')
  const seen: string[] = []
  const local = mergeConfig(prod, {
    jsdelivrDataUrl: 'http://127.0.0.1:9/data',
    jsdelivrCdnUrl: 'http://127.0.0.1:9/cdn',
    githubApiUrl: gh.apiUrl,
    githubRawUrl: gh.rawUrl,
    networkTimeoutMs: 300,
  })
  const source = sourceFor(parseLaunchUrl('/v2/gh/octo/notes/main'), local, {
    ...io(),
    onRoute: (r) => void seen.push(r.route),
  })
  expect(source.route).toBe('jsdelivr')
  // jsDelivr cannot look a branch up: GitHub's API answers, and no request went to any proxy.
  expect(await source.lookup('main')).toMatchObject({ kind: 'ref', sha })
  expect(seen).toEqual(['github-api'])
  const proxied = sourceFor(parseLaunchUrl('/v2/gh/octo/notes/main'), mergeConfig(local, { corsProxy: git.url }), io())
  expect(proxied.route).toBe('proxy')
})

it('a GitLab link with no proxy configured: the failure says its git endpoints need one, and how to run it', async () => {
  const noProxy = mergeConfig(config, { gitlabUrl: 'http://127.0.0.1:9' })
  const source = sourceFor(parseLaunchUrl('/v2/gl/group%2Fproject/main'), noProxy, io())
  const e = await source.lookup('main').catch((x: unknown) => x)
  expect(e).toMatchObject({ code: 'REPO_UNREACHABLE', data: { needsProxy: true } })
  expect((e as Error).message).toMatch(/GitLab's git endpoints send no CORS headers.*npx quire proxy/)
  // An HTTP answer is the server's own, not a missing proxy: it keeps its code and words.
  const served = sourceFor(
    parseLaunchUrl('/v2/gl/group%2Fproject/main'),
    mergeConfig(config, { gitlabUrl: git.url }),
    io(),
  )
  const notFound = await served.lookup('main').catch((x: unknown) => x)
  expect(notFound).toMatchObject({ code: 'REPO_NOT_FOUND' })
  expect((notFound as Error).message).not.toMatch(/CORS/)
})
