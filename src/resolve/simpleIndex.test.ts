// The resolver through the JSON simple API (PEP 691) of the real local test index, reading
// dependencies from PEP 658 `.metadata` files, or from the wheel where the index has none.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPypiServer, type PypiServer } from '../../e2e/servers/pypi-server'
import { realLockJson } from './__fixtures__/fakeIndex'
import { createHttpFetcher } from './fetcher'
import { indexApiOf } from './indexSource'
import { loadPyodideLock } from './pyodideLock'
import { parseRequirements } from './requirements'
import { resolveEnv } from './resolveEnv'
import { fileVersion, readSimpleProject, simpleMetadataUrl } from './simpleIndex'

const packages = fileURLToPath(new URL('../../e2e/fixtures/packages/', import.meta.url))
const lock = loadPyodideLock(realLockJson())
const reqs = (text: string) => parseRequirements(text, 'requirements.txt').requirements

/** A fetch that records what was asked for, and with which Accept header. */
function recording() {
  const calls: string[] = []
  const fn: typeof fetch = (input, init) => {
    const url = String(input)
    const accept = new Headers(init?.headers).get('accept')
    calls.push(`${url}${accept ? ` [${accept}]` : ''}`)
    return fetch(input, init)
  }
  return { calls, http: createHttpFetcher(fn, { retries: 0 }) }
}

describe('resolving through the JSON simple API', () => {
  let pypi: PypiServer
  let old: PypiServer
  beforeAll(async () => {
    ;[pypi, old] = await Promise.all([startPypiServer(), startPypiServer({ isMetadataServed: false })])
    for (const s of [pypi, old])
      for (const p of ['tinytable-old', 'tinytable', 'greetings']) await s.addFromDir(`${packages}${p}`)
  })
  afterAll(async () => {
    await pypi?.stop()
    await old?.stop()
  })

  it('tells a simple index from a JSON API by its URL, as pip does', () => {
    expect(indexApiOf('https://pypi.org/simple')).toBe('simple')
    expect(indexApiOf('https://pypi.org/simple/')).toBe('simple')
    expect(indexApiOf('https://m.example/root/pypi/+simple/')).toBe('simple')
    expect(indexApiOf('https://pypi.org')).toBe('json')
  })

  it('reads projects with the PEP 691 Accept header and dependencies from .metadata files, never the wheels', async () => {
    const { calls, http } = recording()
    const env = await resolveEnv(reqs('greetings'), { lock, index: http, indexUrl: `${pypi.url}/simple` })
    expect(env.packages.map((p) => `${p.name}==${p.version} ${p.source}`)).toEqual([
      'greetings==0.3.0 index',
      'tinytable==1.2.0 index',
    ])
    expect(env.packages[0]).toMatchObject({
      url: `${pypi.url}/files/greetings-0.3.0-py3-none-any.whl`,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(calls).toEqual([
      `${pypi.url}/simple/greetings/ [application/vnd.pypi.simple.v1+json]`,
      `${pypi.url}/files/greetings-0.3.0-py3-none-any.whl.metadata`,
      `${pypi.url}/simple/tinytable/ [application/vnd.pypi.simple.v1+json]`,
      `${pypi.url}/files/tinytable-1.2.0-py3-none-any.whl.metadata`,
    ])
  })

  it('honours specifiers and reports conflicts the same way as over the JSON API', async () => {
    const { http } = recording()
    const io = { lock, index: http, indexUrl: `${pypi.url}/simple/` }
    expect((await resolveEnv(reqs('tinytable<1.2'), io)).packages.map((p) => `${p.name}==${p.version}`)).toEqual([
      'tinytable==1.0.0',
    ])
    await expect(resolveEnv(reqs('greetings\ntinytable<1.2'), io)).rejects.toMatchObject({ code: 'UNSATISFIABLE_PIN' })
  })

  it('reads METADATA from the wheel when the index serves no .metadata files', async () => {
    const { calls, http } = recording()
    const env = await resolveEnv(reqs('greetings'), { lock, index: http, indexUrl: `${old.url}/simple` })
    expect(env.packages.map((p) => p.name)).toEqual(['greetings', 'tinytable'])
    expect(calls).toContain(`${old.url}/files/greetings-0.3.0-py3-none-any.whl`)
    expect(calls.some((c) => c.endsWith('.metadata'))).toBe(false)
  })

  it('answers an unknown project with PACKAGE_NOT_FOUND and a non-PEP 691 answer with INDEX_UNREACHABLE', async () => {
    const { http } = recording()
    await expect(
      resolveEnv(reqs('nothing-here'), { lock, index: http, indexUrl: `${pypi.url}/simple` }),
    ).rejects.toMatchObject({ code: 'PACKAGE_NOT_FOUND' })
    // The JSON API's base is not a simple index: /pypi/<name>/ is a 404, /<name>/ here too.
    await expect(
      resolveEnv(reqs('greetings'), { lock, index: http, indexUrl: pypi.url, indexApi: 'simple' }),
    ).rejects.toMatchObject({ code: 'PACKAGE_NOT_FOUND' })
  })
})

describe('readSimpleProject', () => {
  it('groups files by the version in their names, resolves relative URLs and reads core-metadata', () => {
    const p = readSimpleProject(
      {
        meta: { 'api-version': '1.1' },
        name: 'demo',
        files: [
          { filename: 'demo-1.0.tar.gz', url: '../../files/demo-1.0.tar.gz', hashes: { sha256: 'a' } },
          {
            filename: 'demo-1.0-py3-none-any.whl',
            url: 'demo-1.0-py3-none-any.whl',
            hashes: {},
            'data-dist-info-metadata': true,
          },
          {
            filename: 'demo-2.0-py3-none-any.whl',
            url: 'https://f.example/demo-2.0-py3-none-any.whl',
            hashes: {},
            'core-metadata': { sha256: 'b' },
            yanked: 'broken',
          },
          { filename: 'junk', url: 'x' },
          'not a file',
        ],
      },
      'https://i.example/simple/demo/',
    )
    expect(p?.releases['1.0'].map((f) => [f.url, f.coreMetadata])).toEqual([
      ['https://i.example/files/demo-1.0.tar.gz', undefined],
      ['https://i.example/simple/demo/demo-1.0-py3-none-any.whl', {}],
    ])
    expect(p?.releases['2.0'][0]).toMatchObject({ isYanked: true, coreMetadata: { sha256: 'b' } })
    expect(Object.keys(p?.releases ?? {})).toEqual(['1.0', '2.0'])
    expect(readSimpleProject({ name: 'x', files: [] }, 'https://i.example/')).toBeNull()
    expect(readSimpleProject({ meta: { 'api-version': '2.0' }, name: 'x', files: [] }, 'https://i.example/')).toBeNull()
    expect(
      readSimpleProject({ meta: { 'api-version': '1.4' }, name: 'x', files: [] }, 'https://i.example/'),
    ).not.toBeNull()
    expect(fileVersion('demo-1.0rc1.zip')).toBe('1.0rc1')
    expect(simpleMetadataUrl('https://f.example/a.whl#sha256=00')).toBe('https://f.example/a.whl.metadata')
  })

  it('reads a file entry as warehouse writes it: `false` under both metadata keys, null requires-python', () => {
    const file = (name: string, extra: object) => ({
      filename: name,
      url: `https://files.example/${name}`,
      hashes: { sha256: 'c' },
      'requires-python': null,
      size: 1,
      'upload-time': '2026-01-01T00:00:00.000000Z',
      yanked: false,
      provenance: null,
      ...extra,
    })
    const p = readSimpleProject(
      {
        meta: { 'api-version': '1.4', '_last-serial': 1 },
        name: 'demo',
        'project-status': { status: 'active' },
        versions: ['1.0', '2.0', '3.0'],
        files: [
          file('demo-1.0-py3-none-any.whl', { 'data-dist-info-metadata': false, 'core-metadata': false }),
          file('demo-2.0-py3-none-any.whl', { 'data-dist-info-metadata': { sha256: 'd' } }), // before PEP 714
          file('demo-3.0-py3-none-any.whl', {
            'data-dist-info-metadata': { sha256: 'e' },
            'core-metadata': { sha256: 'e' },
            'requires-python': '>=3.9',
          }),
        ],
      },
      'https://pypi.example/simple/demo/',
    )
    expect(Object.values(p?.releases ?? {}).map(([f]) => [f.coreMetadata, f.requiresPython, f.isYanked])).toEqual([
      [undefined, undefined, false],
      [{ sha256: 'd' }, undefined, false],
      [{ sha256: 'e' }, '>=3.9', false],
    ])
    expect(p?.requiresDist).toBeNull() // the simple API states no dependencies: each file's METADATA does
  })
})
