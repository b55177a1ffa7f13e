// Git LFS files through git-lfs's Batch API (its stand-in: e2e/servers/lfs-server.ts), at the endpoint git-lfs
// would use: a stored object replaces its pointer (checked against its sha256), a missing one stays a pointer,
// named in the header and, with why, in the log; an LFS server a browser cannot reach says it needs a proxy.
import http from 'isomorphic-git/http/node'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startGithubServer, type GithubServer } from '../../e2e/servers/github-server'
import { startJsdelivrServer, type JsdelivrServer } from '../../e2e/servers/jsdelivr-server'
import { startLfsServer, type LfsServer } from '../../e2e/servers/lfs-server'
import { defaultConfig, mergeConfig } from '../config'
import { parseLaunchUrl } from '../launch'
import { prefixedFs } from './__fixtures__/prefixedFs'
import { lfsEndpoint } from './lfsFetch'
import { openRepo, type CommitRecord, type RepoRecord } from './openRepo'
import { sourceFor } from './sourceFor'

describe('lfsEndpoint: where git-lfs would ask', () => {
  it('the clone URL’s info/lfs, or the url of .lfsconfig’s [lfs] section', () => {
    expect(lfsEndpoint('https://github.com/o/r.git')).toBe('https://github.com/o/r.git/info/lfs')
    expect(lfsEndpoint('https://git.example/o/r')).toBe('https://git.example/o/r.git/info/lfs')
    expect(lfsEndpoint('https://github.com/o/r.git', '[lfs]\n\turl = https://lfs.example/o/r/\n')).toBe(
      'https://lfs.example/o/r',
    )
    expect(lfsEndpoint('https://github.com/o/r.git', '[core]\n\turl = https://not-lfs.example\n')).toBe(
      'https://github.com/o/r.git/info/lfs',
    )
  })
})

const fixture = new URL('../../e2e/fixtures/repos/two-notebooks', import.meta.url).pathname
const csv = new TextEncoder().encode('x,y\n1,2\n3,4\n')
let git: GitServer
let gh: GithubServer
let lfs: LfsServer
let jsd: JsdelivrServer
let dataSha: string
let root: string
beforeAll(async () => {
  git = await startGitServer()
  lfs = await startLfsServer()
  gh = await startGithubServer(git.root)
  root = await mkdtemp(join(tmpdir(), 'quire-lfs-'))
  await git.addRepo('lab/data', fixture)
  const stored = lfs.addObject(csv)
  const missing = `version https://git-lfs.github.com/spec/v1\noid sha256:${'0'.repeat(64)}\nsize 10\n`
  jsd = await startJsdelivrServer(git.root)
  dataSha = await git.commitFiles('lab/data', {
    '.lfsconfig': `[lfs]\n\turl = ${lfs.endpoint}\n`,
    'data/table.csv': stored.pointer,
    'data/missing.csv': missing,
  })
})
afterAll(async () => {
  await Promise.all([lfs.stop(), gh.stop(), jsd.stop()])
  await git.stop()
  await rm(root, { recursive: true, force: true })
})

async function launch(path: string, over: Record<string, unknown> = {}) {
  const skipped: string[] = []
  const repos = new Map<string, RepoRecord>()
  const commits = new Map<string, CommitRecord>()
  const spec = parseLaunchUrl(path)
  const fs = prefixedFs(await mkdtemp(join(root, 'b-')))
  const config = mergeConfig(defaultConfig('http://quire.test'), { jsdelivrDataUrl: '', ...over })
  const onLfsSkipped = (paths: string[], reason: string) => void skipped.push(`${paths.join(',')}: ${reason}`)
  const snap = await openRepo(spec, {
    fs,
    demoBaseUrl: '',
    source: sourceFor(spec, config, { fs, http, fetch, onLfsSkipped }),
    records: { get: async (k) => repos.get(k), put: async (r) => void repos.set(r.key, r) },
    commits: { get: async (k) => commits.get(k), put: async (r) => void commits.set(r.id, r) },
  })
  return { snap, skipped, record: repos.get(spec.key) }
}

it('a /v2/git/ repository: the LFS object replaces its pointer; a missing one stays a pointer, named', async () => {
  const { snap, skipped, record } = await launch(`/v2/git/${encodeURIComponent(`${git.url}/lab/data.git`)}/main`)
  expect(new TextDecoder().decode(snap.files.find((f) => f.path === 'data/table.csv')?.data)).toBe('x,y\n1,2\n3,4\n')
  expect(snap.lfsPointers).toEqual(['data/missing.csv'])
  expect(record?.lfsPointers).toEqual(['data/missing.csv'])
  expect(skipped).toEqual(['data/missing.csv: LFS error 404: Object does not exist'])
  expect(lfs.requests).toContain('POST /lfs/objects/batch')
})

it('GitHub with no proxy: its LFS endpoint cannot be reached, so the pointers stay, and the log says a proxy is needed', async () => {
  await git.addRepo('lab/gh-data', fixture)
  await git.commitFiles('lab/gh-data', { 'data/table.csv': lfs.addObject(csv).pointer })
  const { snap, skipped } = await launch('/v2/gh/lab/gh-data/main', {
    githubApiUrl: gh.apiUrl,
    githubRawUrl: gh.rawUrl,
    // GitHub's git host, where git-lfs's default endpoint lives: it answers a browser nothing usable (no CORS).
    githubUrl: 'http://127.0.0.1:9',
  })
  expect(snap.lfsPointers).toEqual(['data/table.csv'])
  expect(skipped).toEqual([
    expect.stringMatching(
      /^data\/table\.csv: the LFS server http:\/\/127\.0\.0\.1:9\/lab\/gh-data\.git\/info\/lfs .*needs a proxy$/,
    ),
  ])
})

it('through jsDelivr (GitHub’s archive holds the pointers): the object .lfsconfig’s server has replaces its pointer', async () => {
  const { snap, record } = await launch(`/v2/gh/lab/data/${dataSha}`, {
    githubRoutes: ['jsdelivr'],
    jsdelivrDataUrl: jsd.dataUrl,
    jsdelivrCdnUrl: jsd.cdnUrl,
  })
  expect(record?.route).toBe('jsdelivr')
  expect(new TextDecoder().decode(snap.files.find((f) => f.path === 'data/table.csv')?.data)).toBe('x,y\n1,2\n3,4\n')
  expect(snap.lfsPointers).toEqual(['data/missing.csv'])
  // A pointer is text with newlines: never taken for a link that came as a file.
  expect(snap.linksAsFiles).toEqual([])
})
