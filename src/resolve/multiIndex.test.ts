// Several indexes as one (pip's --extra-index-url), against real local test indexes: a primary
// speaking PyPI's JSON API and extras speaking the JSON simple API, one without PEP 658 files.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWheel } from '../../scripts/lib/wheel.mjs'
import { startPypiServer, type PypiServer } from '../../e2e/servers/pypi-server'
import { toLockFile } from '../prepare/lockFile'
import { realLockJson } from './__fixtures__/fakeIndex'
import { downloadWheel } from './download'
import { HttpError } from './errors'
import { createHttpFetcher, type Fetcher } from './fetcher'
import { createIndexSources } from './multiIndex'
import { loadPyodideLock } from './pyodideLock'
import { parseRequirements } from './requirements'
import { resolveEnv, type ResolveIo } from './resolveEnv'

const packages = fileURLToPath(new URL('../../e2e/fixtures/packages/', import.meta.url))
const lock = loadPyodideLock(realLockJson())
const reqs = (text: string) => parseRequirements(text, 'requirements.txt').requirements
const got = (env: { packages: Array<{ name: string; version: string; url?: string }> }) =>
  env.packages.map((p) => `${p.name}==${p.version} ${p.url}`)

/** A fetcher over the real network stack that records each URL asked for. */
function recording() {
  const calls: string[] = []
  const fn: typeof fetch = (input, init) => {
    calls.push(String(input))
    return fetch(input, init)
  }
  return { calls, http: createHttpFetcher(fn, { retries: 0 }) }
}

describe('resolving across --index-url and --extra-index-url', () => {
  let primary: PypiServer // JSON API: tinytable 1.0.0, greetings 0.3.0 (needs tinytable>=1.1)
  // simple API without .metadata: tinytable 1.2.0, its own greetings 0.3.0 (needs onlyextra), onlyextra 1.0
  let extra: PypiServer
  let other: PypiServer // simple API: another onlyextra 1.0
  let dead: string // a port nothing listens on
  beforeAll(async () => {
    ;[primary, extra, other] = await Promise.all([
      startPypiServer(),
      startPypiServer({ isMetadataServed: false }),
      startPypiServer(),
    ])
    await primary.addFromDir(`${packages}tinytable-old`)
    await primary.addFromDir(`${packages}greetings`)
    await extra.addFromDir(`${packages}tinytable`)
    // Same name and version as the primary's, other files: a version two indexes offer.
    extra.addWheel(
      buildWheel({
        name: 'greetings',
        version: '0.3.0',
        files: { 'greetings/__init__.py': 'FROM = "extra"\n' },
        requires: ['onlyextra'],
      }),
    )
    extra.addWheel(
      buildWheel({ name: 'onlyextra', version: '1.0', files: { 'onlyextra/__init__.py': 'FROM = "extra"\n' } }),
    )
    other.addWheel(
      buildWheel({ name: 'onlyextra', version: '1.0', files: { 'onlyextra/__init__.py': 'FROM = "other"\n' } }),
    )
    const gone = await startPypiServer()
    dead = `${gone.url}/simple`
    await gone.stop()
  })
  afterAll(async () => {
    await Promise.all([primary?.stop(), extra?.stop(), other?.stop()])
  })

  const io = (http: ResolveIo['index'], ...extras: string[]): ResolveIo => ({
    lock,
    index: http,
    indexUrl: primary.url,
    extraIndexes: extras.map((indexUrl) => ({ indexUrl })),
  })

  it("takes the union of releases, the first index's files for a shared version, and that index's dependencies", async () => {
    const { calls, http } = recording()
    const env = await resolveEnv(reqs('greetings'), io(http, `${extra.url}/simple`))
    // greetings 0.3.0 is the primary's (so its tinytable>=1.1, not the extra's onlyextra);
    // tinytable 1.2.0 exists only on the extra and is newer than the primary's 1.0.0.
    expect(got(env)).toEqual([
      `greetings==0.3.0 ${primary.url}/files/greetings-0.3.0-py3-none-any.whl`,
      `tinytable==1.2.0 ${extra.url}/files/tinytable-1.2.0-py3-none-any.whl`,
    ])
    expect(env.unreachable).toBeUndefined()
    // Each package says which extra index listed it (the primary's say nothing), for the Environment popover.
    expect(env.packages.map((p) => p.extraIndex)).toEqual([undefined, `${extra.url}/simple`])
    // Both indexes were asked for both projects; the extra's greetings wheel was never read.
    expect(calls.filter((c) => !c.includes('/files/')).sort()).toEqual(
      [
        `${extra.url}/simple/greetings/`,
        `${extra.url}/simple/tinytable/`,
        `${primary.url}/pypi/greetings/json`,
        `${primary.url}/pypi/tinytable/json`,
      ].sort(),
    )
    expect(calls).not.toContain(`${extra.url}/files/greetings-0.3.0-py3-none-any.whl`)
    // The lock records where each wheel really comes from.
    const out = toLockFile(env.packages, lock.info, '314.0.7')
    expect(out.packages.greetings.file_name).toBe(`${primary.url}/files/greetings-0.3.0-py3-none-any.whl`)
    expect(out.packages.tinytable.file_name).toBe(`${extra.url}/files/tinytable-1.2.0-py3-none-any.whl`)
    expect(out.packages.tinytable.sha256).toBe(env.packages[1].sha256)
  })

  it("finds a package only an extra index has (the primary's 404 is no error), first extra first", async () => {
    const { http } = recording()
    expect(got(await resolveEnv(reqs('onlyextra'), io(http, `${extra.url}/simple`, `${other.url}/simple`)))).toEqual([
      `onlyextra==1.0 ${extra.url}/files/onlyextra-1.0-py3-none-any.whl`,
    ])
    expect(got(await resolveEnv(reqs('onlyextra'), io(http, `${other.url}/simple`, `${extra.url}/simple`)))).toEqual([
      `onlyextra==1.0 ${other.url}/files/onlyextra-1.0-py3-none-any.whl`,
    ])
  })

  it('says PACKAGE_NOT_FOUND naming every index only when none has the project', async () => {
    const { http } = recording()
    const err = await resolveEnv(reqs('nothing-here'), io(http, `${extra.url}/simple`)).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'PACKAGE_NOT_FOUND' })
    expect((err as Error).message).toContain(`${primary.url} or ${extra.url}/simple`)
    const collected = await resolveEnv(reqs('nothing-here\ntinytable'), {
      ...io(http, `${extra.url}/simple`),
      isCollectingProblems: true,
    })
    expect(collected.problems.map((p) => `${p.name} ${p.code}`)).toEqual(['nothing-here PACKAGE_NOT_FOUND'])
  })

  it('goes on without an unreachable extra index and reports it; unreachable everywhere is INDEX_UNREACHABLE', async () => {
    const { http } = recording()
    const env = await resolveEnv(reqs('greetings'), io(http, dead, `${extra.url}/simple`))
    expect(got(env)).toEqual([
      `greetings==0.3.0 ${primary.url}/files/greetings-0.3.0-py3-none-any.whl`,
      `tinytable==1.2.0 ${extra.url}/files/tinytable-1.2.0-py3-none-any.whl`,
    ])
    expect(env.unreachable).toEqual([{ indexUrl: dead, reason: 'fetch failed' }]) // Node's words for a refused connection
    // The primary down, the extra without the project: it may be on the one that did not answer.
    await expect(
      resolveEnv(reqs('greetings'), { ...io(http, `${other.url}/simple`), indexUrl: dead }),
    ).rejects.toMatchObject({ code: 'INDEX_UNREACHABLE' })
  })

  it("downloads a wheel read for its metadata (no PEP 658 file) from the resolve's cache, not a second time", async () => {
    const { calls, http } = recording()
    const cache = new Map<string, Promise<unknown>>()
    const env = await resolveEnv(reqs('onlyextra'), { ...io(http, `${extra.url}/simple`), cache })
    const wheel = `${extra.url}/files/onlyextra-1.0-py3-none-any.whl`
    expect(calls.filter((c) => c === wheel)).toHaveLength(1)
    const bytes = await downloadWheel(env.packages[0], { fetchBytes: (url, p) => http.fetchBytes(url, p), cache })
    expect(calls.filter((c) => c === wheel)).toHaveLength(1)
    expect(bytes.byteLength).toBeGreaterThan(0)
    // Without the cache (another launch), it is fetched and checked again.
    await downloadWheel(env.packages[0], { fetchBytes: (url, p) => http.fetchBytes(url, p) })
    expect(calls.filter((c) => c === wheel)).toHaveLength(2)
  })
})

describe('createMultiIndexSource', () => {
  it('asks every index at once, not one after another', async () => {
    const asked: string[] = []
    const release: Array<() => void> = []
    // An index client that answers only once both questions are in flight.
    const index: Fetcher = {
      json: (url) =>
        new Promise((ok, fail) => {
          asked.push(url)
          release.push(() => fail(new HttpError(url, 404)))
          if (release.length === 2) release.forEach((r) => r())
        }),
    }
    const source = createIndexSources(
      { index, indexUrl: 'https://a.test', extraIndexes: [{ indexUrl: 'https://b.test/simple' }] },
      new Map(),
      () => undefined,
    )
    await expect(source.project('demo', ['requirements.txt:1'])).rejects.toMatchObject({
      code: 'PACKAGE_NOT_FOUND',
      message:
        'demo: not on the package index https://a.test or https://b.test/simple (requested by requirements.txt:1)',
    })
    expect(asked).toEqual(['https://a.test/pypi/demo/json', 'https://b.test/simple/demo/'])
  })
})
