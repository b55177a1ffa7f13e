import { describe, expect, it } from 'vitest'
import { defaultConfig, mergeConfig } from '../config'
import { hostProbes, isOpaqueBlockedHere, runProbe } from './hostProbes'

describe('hostProbes', () => {
  it('names every configured server with the setting that points it elsewhere', () => {
    const probes = hostProbes(defaultConfig('https://quire.example'))
    const byKey = Object.fromEntries(probes.map((p) => [p.configKey, p]))
    expect(byKey.pyodidePackageBaseUrl.url).toMatch(
      /^https:\/\/cdn\.jsdelivr\.net\/pyodide\/v.+\/full\/pyodide-lock\.json$/,
    )
    // The default index is PyPI's JSON simple API (PEP 691), as pip reads it.
    expect(byKey.pypiUrl.url).toBe('https://pypi.org/simple/pip/')
    expect(byKey.githubApiUrl.url).toBe('https://api.github.com/rate_limit')
    expect(byKey.webrRepoUrl.url).toBe('https://repo.r-wasm.org/bin/emscripten/contrib/4.6/PACKAGES')
    expect(byKey.hubUrl.url).toBe('https://mybinder.org/versions')
    // No shared public proxy by default; a deployer's own is probed, and answers without CORS headers.
    expect(byKey.corsProxy).toBeUndefined()
    const own = hostProbes(
      mergeConfig(defaultConfig('https://q.example'), { corsProxy: 'https://proxy.school.example' }),
    )
    expect(own.find((p) => p.configKey === 'corsProxy')).toMatchObject({
      url: 'https://proxy.school.example/',
      needsCors: false,
    })
  })
  it('reads a simple index as one and skips an empty setting', () => {
    const config = mergeConfig(defaultConfig('https://q.example'), {
      pypiUrl: 'https://mirror.example/simple',
      corsProxy: '',
      githubApiUrl: '',
    })
    const probes = hostProbes(config)
    expect(probes.find((p) => p.configKey === 'pypiUrl')?.url).toBe('https://mirror.example/simple/pip/')
    expect(probes.map((p) => p.configKey)).not.toContain('corsProxy')
    expect(probes.map((p) => p.configKey)).not.toContain('githubApiUrl')
  })
})

describe('runProbe', () => {
  const answering =
    (cors: boolean): typeof fetch =>
    async (_u, init) => {
      if (init?.mode === 'cors' && !cors) throw new TypeError('Failed to fetch')
      return new Response(null, { status: 404 })
    }
  it('a server answering with CORS is ok, whatever its status', async () => {
    expect(await runProbe('https://a.test/x', answering(true))).toMatchObject({ state: 'ok', status: 404 })
  })
  it('tells a server without CORS headers from one that does not answer', async () => {
    expect(await runProbe('https://a.test/x', answering(false))).toMatchObject({ state: 'no-cors' })
    const down: typeof fetch = async () => {
      throw new TypeError('Failed to fetch')
    }
    expect(await runProbe('https://a.test/x', down)).toMatchObject({ state: 'unreachable', detail: 'Failed to fetch' })
  })
  it('a server that never answers is unreachable after the timeout', async () => {
    const silent: typeof fetch = (_u, init) =>
      new Promise((_ok, fail) => init?.signal?.addEventListener('abort', () => fail(init.signal?.reason)))
    const r = await runProbe('https://a.test/x', silent, 20)
    expect(r).toMatchObject({ state: 'unreachable', detail: 'no answer in 0.02 s' })
  })
})

describe('runProbe in a cross-origin isolated page (COEP require-corp)', () => {
  // What the browser does under require-corp: a no-cors answer without a CORP header fails like a dead server.
  // The CORS request fails (no CORS headers), and so does the no-cors one (no CORP header).
  const isolatedFetch: typeof fetch = async () => {
    throw new TypeError('Failed to fetch')
  }
  it('does not call a server that answered without CORS unreachable: it cannot be told here', async () => {
    const r = await runProbe('https://plain.test/x', isolatedFetch, 1000, undefined, true)
    expect(r).toMatchObject({ state: 'unknown', detail: 'Failed to fetch' })
  })
  it('a server silent past the timeout is unreachable even so', async () => {
    const silent: typeof fetch = (_u, init) =>
      new Promise((_ok, fail) => init?.signal?.addEventListener('abort', () => fail(init.signal?.reason)))
    expect(await runProbe('https://a.test/x', silent, 20, undefined, true)).toMatchObject({ state: 'unreachable' })
  })
  it('reads whether this page hides no-cors answers from the COEP it is served with', async () => {
    const servedWith =
      (coep: string | null): typeof fetch =>
      async () =>
        new Response(null, { headers: coep ? { 'cross-origin-embedder-policy': coep } : {} })
    expect(await isOpaqueBlockedHere(false, 'https://q.test/check', servedWith('require-corp'))).toBe(false)
    expect(await isOpaqueBlockedHere(true, 'https://q.test/check', servedWith('require-corp'))).toBe(true)
    expect(await isOpaqueBlockedHere(true, 'https://q.test/check', servedWith('credentialless'))).toBe(false)
    expect(await isOpaqueBlockedHere(true, 'https://q.test/check', servedWith(null))).toBe(true)
  })
})
