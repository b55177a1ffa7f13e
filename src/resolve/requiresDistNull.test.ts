// PyPI's JSON API says `requires_dist: null` for releases whose wheels do declare dependencies
// (pypi/warehouse#474, #11587). Against the real local stand-in (e2e/servers/pypi-server.ts), which
// answers that way after dropUploadMetadata: the resolver reads the wheel's METADATA instead, from
// the PEP 658 file when there is one, else from the wheel itself, whose bytes the download reuses.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPypiServer, type PypiServer } from '../../e2e/servers/pypi-server'
import { realLockJson } from './__fixtures__/fakeIndex'
import { downloadWheel } from './download'
import { createHttpFetcher } from './fetcher'
import { loadPyodideLock } from './pyodideLock'
import { parseRequirements } from './requirements'
import { resolveEnv } from './resolveEnv'

const packages = fileURLToPath(new URL('../../e2e/fixtures/packages/', import.meta.url))
const lock = loadPyodideLock(realLockJson())
const reqs = (text: string) => parseRequirements(text, 'requirements.txt').requirements

function recording() {
  const calls: string[] = []
  const fn: typeof fetch = (input, init) => {
    calls.push(String(input))
    return fetch(input, init)
  }
  return { calls, http: createHttpFetcher(fn, { retries: 0 }) }
}

const names = (env: { packages: Array<{ name: string; version: string }> }) =>
  env.packages.map((p) => `${p.name}==${p.version}`)

describe('requires_dist: null on the PyPI JSON API', () => {
  let pypi: PypiServer
  let old: PypiServer
  beforeAll(async () => {
    ;[pypi, old] = await Promise.all([startPypiServer(), startPypiServer({ isMetadataServed: false })])
    for (const s of [pypi, old]) {
      for (const p of ['tinytable-old', 'tinytable', 'greetings']) await s.addFromDir(`${packages}${p}`)
      s.dropUploadMetadata('greetings', '0.3.0')
    }
  })
  afterAll(async () => {
    await pypi?.stop()
    await old?.stop()
  })

  it('reads the PEP 658 metadata file and resolves the dependencies the wheel declares', async () => {
    const json = (await (await fetch(`${pypi.url}/pypi/greetings/json`)).json()) as { info: object }
    expect(json.info).toMatchObject({ requires_dist: null })
    const { calls, http } = recording()
    const env = await resolveEnv(reqs('greetings'), { lock, index: http, indexUrl: pypi.url })
    expect(names(env)).toEqual(['greetings==0.3.0', 'tinytable==1.2.0'])
    expect(env.packages[1].requestedBy).toEqual(['greetings==0.3.0'])
    expect(calls).toContain(`${pypi.url}/files/greetings-0.3.0-py3-none-any.whl.metadata`)
    expect(calls).not.toContain(`${pypi.url}/files/greetings-0.3.0-py3-none-any.whl`)
  })

  it('with no metadata file, reads the wheel once: the download takes the same bytes', async () => {
    const { calls, http } = recording()
    const cache = new Map<string, Promise<unknown>>()
    const env = await resolveEnv(reqs('greetings'), { lock, index: http, indexUrl: old.url, cache })
    expect(names(env)).toEqual(['greetings==0.3.0', 'tinytable==1.2.0'])
    const wheel = `${old.url}/files/greetings-0.3.0-py3-none-any.whl`
    expect(calls.filter((c) => c === wheel)).toHaveLength(1)
    const bytes = await downloadWheel(env.packages[0], { ...http, cache })
    expect(bytes.length).toBeGreaterThan(0)
    expect(calls.filter((c) => c === wheel)).toHaveLength(1)
  })

  it('an older release chosen by a pin: its null is read from its wheel too', async () => {
    const { http } = recording()
    const env = await resolveEnv(reqs('greetings==0.3.0\ntinytable<1.1'), { lock, index: http, indexUrl: old.url })
      .then(() => 'resolved')
      .catch((e: { code?: string; message: string }) => `${e.code}: ${e.message}`)
    // greetings needs tinytable>=1.1, which the second line forbids: the conflict is found, not hidden.
    expect(env).toMatch(/^UNSATISFIABLE_PIN: .*tinytable/)
  })

  it('the default simple API gives the same answer as pip', async () => {
    const { http } = recording()
    const env = await resolveEnv(reqs('greetings'), { lock, index: http, indexUrl: `${old.url}/simple` })
    expect(names(env)).toEqual(['greetings==0.3.0', 'tinytable==1.2.0'])
  })

  it('skips a yanked release unless pinned with == (PEP 592)', async () => {
    const own = await startPypiServer()
    try {
      for (const p of ['tinytable-old', 'tinytable']) await own.addFromDir(`${packages}${p}`)
      own.yank('tinytable', '1.2.0', 'broken build')
      const { http } = recording()
      for (const indexUrl of [own.url, `${own.url}/simple`]) {
        expect(names(await resolveEnv(reqs('tinytable'), { lock, index: http, indexUrl }))).toEqual([
          'tinytable==1.0.0',
        ])
        expect(names(await resolveEnv(reqs('tinytable==1.2.0'), { lock, index: http, indexUrl }))).toEqual([
          'tinytable==1.2.0',
        ])
      }
    } finally {
      await own.stop()
    }
  })
})
