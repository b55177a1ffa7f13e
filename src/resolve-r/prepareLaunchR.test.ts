// The launch pipeline on an R repository, with in-memory storage and the tests' real webR-format
// repository: verdict, packages, the stored record, and a reopen that needs no network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureWebrRepo, type WebrRepoServer } from '../../e2e/servers/webr-repo'
import type { LaunchSpec } from '../launch'
import { prepareLaunch, type PrepareIo } from '../prepare/prepareLaunch'
import { createHttpFetcher } from '../resolve'
import type { EnvRecord, WheelRecord } from '../store'
import { knownRSha } from './launchR'

let repo: WebrRepoServer
beforeAll(async () => {
  repo = await startFixtureWebrRepo()
}, 60_000)
afterAll(() => repo.stop())

const spec: LaunchSpec = {
  provider: 'git',
  repo: 'https://git.test/r.git',
  repoUrl: 'https://git.test/r.git',
  ref: 'main',
  key: 'git:r@main',
  name: 'r',
}
const enc = (s: string) => new TextEncoder().encode(s)
const offline = {
  json: async () => {
    throw new Error('offline')
  },
  fetchBytes: async () => {
    throw new Error('offline')
  },
}

function memoryIo(files: Record<string, string>) {
  const envs = new Map<string, EnvRecord>()
  const wheels = new Map<string, WheelRecord>()
  const io: PrepareIo = {
    openRepo: async () => ({
      sha: 'abc123',
      isFromCache: false,
      files: Object.entries(files).map(([path, t]) => ({ path, data: enc(t) })),
    }),
    lock: async () => {
      throw new Error('an R repository needs no pyodide-lock.json')
    },
    index: createHttpFetcher(fetch),
    indexUrl: 'http://127.0.0.1:9',
    rRepoUrl: repo.url,
    envs: { get: async (id) => envs.get(id), put: async (r) => void envs.set(r.id, r) },
    wheels: { get: async (sha) => wheels.get(sha), put: async (r) => void wheels.set(r.sha256, r) },
    onProgress: () => {},
  }
  return { io, envs, wheels }
}

describe('prepareLaunch on an R repository', () => {
  it('install.R → browser verdict, the binaries dependencies first, stored by sha256; a reopen reads them offline', async () => {
    const first = memoryIo({ 'install.R': 'install.packages("shoutr")\n', 'shout.ipynb': '{}' })
    const p = await prepareLaunch(spec, first.io)
    // Runs in the browser; a note says a hub would not install R for install.R alone (repo2docker).
    expect(p.verdict).toEqual({
      kind: 'browser',
      reasons: [expect.objectContaining({ level: 'note', file: 'install.R' })],
    })
    expect(p.envKind).toBe('default') // repo2docker's choice: install.R alone does not pick its R buildpack
    expect(p.packages).toEqual([
      { name: 'greetr', version: '0.2.0', source: 'webr' },
      { name: 'shoutr', version: '1.0.1', source: 'webr' },
    ])
    expect(p.rPackages?.map((f) => f.filename)).toEqual(['greetr_0.2.0.tgz', 'shoutr_1.0.1.tgz'])
    const stored = first.envs.get('git:r@main@abc123')
    expect(stored?.r?.packages.map((x) => x.sha256)).toEqual([...first.wheels.keys()])

    const again = await prepareLaunch(spec, { ...first.io, index: offline })
    expect(again).toMatchObject({ isEnvFromCache: true, verdict: { kind: 'browser' } })
    expect(again.rPackages?.map((f) => f.data)).toEqual(p.rPackages?.map((f) => f.data))
  })

  it('a package webR lacks → hub with the reason; nothing is downloaded or stored', async () => {
    const t = memoryIo({ 'install.R': 'install.packages(c("greetr", "sf"))\n' })
    const p = await prepareLaunch(spec, t.io)
    expect(p.verdict).toEqual({
      kind: 'hub',
      reasons: [
        expect.objectContaining({ level: 'note', file: 'install.R' }),
        expect.objectContaining({ level: 'hub', pkg: 'sf', file: 'install.R:1' }),
      ],
    })
    expect(p.rPackages).toEqual([])
    expect(t.wheels.size).toBe(0)
    expect(t.envs.size).toBe(0)
  })

  it('a new commit reuses the binaries another commit fetched (found by name, version and URL), with no download', async () => {
    const first = memoryIo({ 'install.R': 'install.packages("shoutr")\n' })
    await prepareLaunch(spec, { ...first.io, envs: { ...first.io.envs, all: async () => [...first.envs.values()] } })
    const fetched: string[] = []
    const counting = createHttpFetcher((url, init) => (fetched.push(String(url)), fetch(url, init)))
    const io: PrepareIo = {
      ...first.io,
      index: counting,
      openRepo: async () => ({
        sha: 'def456',
        isFromCache: false,
        files: [{ path: 'install.R', data: enc('install.packages("shoutr")\n') }],
      }),
      envs: { ...first.io.envs, all: async () => [...first.envs.values()] },
    }
    const next = await prepareLaunch(spec, io)
    expect(next.rPackages?.map((f) => f.filename)).toEqual(['greetr_0.2.0.tgz', 'shoutr_1.0.1.tgz'])
    expect(fetched.filter((u) => u.endsWith('.tgz'))).toEqual([])
    expect(first.envs.get('git:r@main@def456')?.r?.packages.map((x) => x.sha256)).toEqual(
      first.envs.get('git:r@main@abc123')?.r?.packages.map((x) => x.sha256),
    )
  })
})

describe('knownRSha', () => {
  const env = (url: string, sha256?: string) => ({
    r: {
      repoUrl: 'r',
      rVersion: '4.6.0',
      drift: [],
      problems: [],
      packages: [{ name: 'greetr', version: '0.2.0', filename: 'greetr_0.2.0.tgz', url, sha256 }],
    },
  })
  it('matches name, version and URL, and only a fetched binary', () => {
    const p = { name: 'greetr', version: '0.2.0', url: 'http://r/4.6/greetr_0.2.0.tgz' }
    expect(knownRSha([{}, env(p.url)], p)).toBeUndefined()
    expect(knownRSha([env('http://r/4.5/greetr_0.2.0.tgz', 'old'), env(p.url, 'abc')], p)).toBe('abc')
    expect(knownRSha([env(p.url, 'abc')], { ...p, version: '0.3.0' })).toBeUndefined()
  })
})
