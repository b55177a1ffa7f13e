// The R resolver against the tests' real webR-format repository (e2e/servers/webr-repo.ts), whose
// packages webR itself builds: shoutr imports greetr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureWebrRepo, type WebrRepoServer } from '../../e2e/servers/webr-repo'
import { createHttpFetcher } from '../resolve'
import type { RPackageRequest } from '../environment/r'
import { WEBR_R_VERSION } from '../environment/r'
import { downloadRPackages, resolveREnv, rEnvReasons, storedRPackages, type RCache } from './launchR'

let repo: WebrRepoServer
beforeAll(async () => {
  repo = await startFixtureWebrRepo()
}, 60_000)
afterAll(() => repo.stop())

const fetcher = createHttpFetcher(fetch)
const ask = (name: string, version?: string): RPackageRequest => ({
  name,
  ...(version ? { version } : {}),
  file: 'install.R',
  line: 1,
  source: 'install.R',
})
const resolve = (reqs: RPackageRequest[], repoUrl = repo.url) =>
  resolveREnv(reqs, { fetcher, repoUrl, rVersion: WEBR_R_VERSION })

function memoryCache(): RCache & { map: Map<string, { sha256: string; filename: string; bytes: Uint8Array }> } {
  const map = new Map<string, { sha256: string; filename: string; bytes: Uint8Array }>()
  return { map, get: async (sha) => map.get(sha), put: async (r) => void map.set(r.sha256, r) }
}

describe('resolveREnv against a webR repository', () => {
  it('finds a package and what it imports, dependencies first, from the contrib folder of webR’s R', async () => {
    const env = await resolve([ask('shoutr')])
    const contrib = `${repo.url}/bin/emscripten/contrib/4.6`
    expect(env).toEqual({
      repoUrl: repo.url,
      rVersion: WEBR_R_VERSION,
      drift: [],
      problems: [],
      packages: [
        { name: 'greetr', version: '0.2.0', filename: 'greetr_0.2.0.tgz', url: `${contrib}/greetr_0.2.0.tgz` },
        { name: 'shoutr', version: '1.0.1', filename: 'shoutr_1.0.1.tgz', url: `${contrib}/shoutr_1.0.1.tgz` },
      ],
    })
    expect(repo.requests).toContain('/bin/emscripten/contrib/4.6/PACKAGES')
    expect(rEnvReasons(env, false)).toEqual([])
  })

  it('a package the repository lacks is a hub reason naming it and the file that asked', async () => {
    const env = await resolve([ask('greetr'), { ...ask('sf'), line: 2 }])
    expect(env.problems).toEqual([{ name: 'sf', code: 'PACKAGE_NOT_FOUND', requestedBy: 'install.R:2' }])
    expect(rEnvReasons(env, false)).toEqual([
      {
        level: 'hub',
        pkg: 'sf',
        file: 'install.R:2',
        text: "R package sf is not in webR's package repository, so the browser cannot install it.",
      },
    ])
  })

  it('another version than asked is drift: a warning, or hub in strict mode', async () => {
    const env = await resolve([ask('greetr', '>= 1.0')])
    expect(env.drift).toEqual([{ name: 'greetr', asked: '>= 1.0', got: '0.2.0', requestedBy: 'install.R:1' }])
    expect(rEnvReasons(env, false)[0]).toMatchObject({
      level: 'warning',
      text: "R package greetr >= 1.0 was asked for; webR's repository has greetr 0.2.0.",
    })
    expect(rEnvReasons(env, true)[0].level).toBe('hub')
  })

  it('INDEX_UNREACHABLE when the repository has no index for webR’s R', async () => {
    await expect(resolve([ask('greetr')], `${repo.url}/nowhere`)).rejects.toMatchObject({
      code: 'INDEX_UNREACHABLE',
      data: { url: `${repo.url}/nowhere/bin/emscripten/contrib/4.6/PACKAGES` },
    })
  })

  it('downloads each .tgz once, caches it by sha256, and reads it back with no network', async () => {
    const env = await resolve([ask('shoutr')])
    const cache = memoryCache()
    const files = await downloadRPackages(env, { fetcher, cache })
    expect(files.map((f) => f.filename)).toEqual(['greetr_0.2.0.tgz', 'shoutr_1.0.1.tgz'])
    expect(files.every((f) => f.data[0] === 0x1f && f.data[1] === 0x8b)).toBe(true)
    expect(env.packages.every((p) => /^[0-9a-f]{64}$/.test(p.sha256 ?? ''))).toBe(true)
    expect([...cache.map.keys()]).toEqual(env.packages.map((p) => p.sha256))
    const again = await storedRPackages(env, cache)
    expect(again.map((f) => f.data)).toEqual(files.map((f) => f.data))
    await expect(storedRPackages(env, memoryCache())).rejects.toMatchObject({ code: 'STORAGE_FAILED' })
  })
})
