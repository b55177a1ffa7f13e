import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { indexApiOf } from '../resolve'
import { CONFIG_STORAGE_KEY, defaultConfig, mergeConfig, saveLocalOverride, WEBR_VERSION } from './config'

describe('mergeConfig', () => {
  const base = defaultConfig('http://localhost:5173')

  it('serves the Pyodide core from the site and packages from the versioned CDN', () => {
    expect(base.pyodideIndexUrl).toMatch(/^http:\/\/localhost:5173\/pyodide\/\d+\.\d+\.\d+\/$/)
    expect(base.pyodidePackageBaseUrl).toMatch(/^https:\/\/cdn\.jsdelivr\.net\/pyodide\/v\d+\.\d+\.\d+\/full\/$/)
  })

  it('reads PyPI as pip does: its PEP 691 simple API, not the JSON API', () => {
    const { pypiUrl } = defaultConfig('https://quire.test')
    expect(new URL(pypiUrl).host).toBe('pypi.org')
    expect(indexApiOf(pypiUrl)).toBe('simple')
  })
  it("serves webR's runtime from the site, in a folder named for the installed webr package", () => {
    const installed = JSON.parse(
      readFileSync(new URL('../../node_modules/webr/package.json', import.meta.url), 'utf8'),
    ).version
    expect(WEBR_VERSION).toBe(installed)
    expect(base.webrBaseUrl).toBe(`http://localhost:5173/webr/${installed}/`)
    expect(mergeConfig(base, { webrBaseUrl: 'http://x/webr' }).webrBaseUrl).toBe('http://x/webr/')
    expect(base.webrRepoUrl).toBe('https://repo.r-wasm.org')
    expect(mergeConfig(base, { webrRepoUrl: 'http://127.0.0.1:9/' }).webrRepoUrl).toBe('http://127.0.0.1:9')
  })

  it('applies overrides in order, ignores unknown keys and non-strings, normalises slashes', () => {
    const c = mergeConfig(
      base,
      { pypiUrl: 'http://127.0.0.1:9/', evil: 1, corsProxy: 5 },
      { pyodideIndexUrl: 'http://x/py' },
    )
    expect(c.pypiUrl).toBe('http://127.0.0.1:9')
    expect(c.corsProxy).toBe(base.corsProxy)
    expect(c.pyodideIndexUrl).toBe('http://x/py/')
    expect(c).not.toHaveProperty('evil')
  })

  it('points providers at their hosts and takes a numeric size cap', () => {
    expect(base).toMatchObject({
      githubUrl: 'https://github.com',
      gitlabUrl: 'https://gitlab.com',
      gistUrl: 'https://gist.github.com',
    })
    expect(base.maxRepoBytes).toBe(300 * 1024 * 1024)
    const hosts = {
      githubUrl: 'http://127.0.0.1:7/',
      githubApiUrl: '',
      githubRawUrl: 'http://r/',
      gitlabUrl: 'http://l',
      gistUrl: 'http://g',
    }
    const c = mergeConfig(base, { ...hosts, maxRepoBytes: 1000 }, { maxRepoBytes: 'big' }, { maxRepoBytes: -1 })
    expect(c).toMatchObject({
      githubUrl: 'http://127.0.0.1:7',
      githubApiUrl: '',
      githubRawUrl: 'http://r',
      gitlabUrl: 'http://l',
      gistUrl: 'http://g',
    })
    expect(c.maxRepoBytes).toBe(1000)
    expect(base.networkTimeoutMs).toBe(30_000)
    expect(mergeConfig(base, { networkTimeoutMs: 1500 }, { networkTimeoutMs: '9' }).networkTimeoutMs).toBe(1500)
  })

  it('takes extra indexes as a list of http(s) URLs, dropping anything else', () => {
    expect(base.extraIndexUrls).toEqual([])
    const c = mergeConfig(
      base,
      { extraIndexUrls: ['https://a.test/simple/', 7, 'javascript:alert(1)', 'http://b.test/simple'] },
      { extraIndexUrls: 'https://c.test' },
    )
    expect(c.extraIndexUrls).toEqual(['https://a.test/simple', 'http://b.test/simple'])
  })

  it('reads a list of hubs; hubUrl alone is a list of one and always names the first hub', () => {
    expect(base.hubs).toEqual([{ name: 'mybinder.org', url: 'https://mybinder.org' }])
    expect(base.hubUrl).toBe('https://mybinder.org')
    const one = mergeConfig(base, { hubUrl: 'http://127.0.0.1:9/' })
    expect(one.hubs).toEqual([{ name: '127.0.0.1:9', url: 'http://127.0.0.1:9' }])
    const two = mergeConfig(base, {
      hubs: [
        { name: 'Uni', url: 'https://hub.uni.test/' },
        { url: 'https://mybinder.org' },
        { name: 'bad', url: 'javascript:alert(1)' },
        'x',
      ],
    })
    expect(two.hubs).toEqual([
      { name: 'Uni', url: 'https://hub.uni.test' },
      { name: 'mybinder.org', url: 'https://mybinder.org' },
    ])
    expect(two.hubUrl).toBe('https://hub.uni.test')
    expect(mergeConfig(base, { hubs: [] }).hubs).toEqual(base.hubs)
    // hubUrl passes the same check as a list entry.
    expect(mergeConfig(base, { hubUrl: 'javascript:alert(1)' }).hubs).toEqual(base.hubs)
    expect(mergeConfig(base, { hubUrl: 'javascript:alert(1)' }).hubUrl).toBe('https://mybinder.org')
  })

  it("saveLocalOverride merges into this browser's override, replacing a damaged one", () => {
    const store = new Map<string, string>()
    const saved = globalThis.localStorage
    globalThis.localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    } as unknown as Storage
    try {
      store.set(CONFIG_STORAGE_KEY, JSON.stringify({ pypiUrl: 'http://x' }))
      saveLocalOverride({ githubToken: 't' })
      expect(JSON.parse(store.get(CONFIG_STORAGE_KEY)!)).toEqual({ pypiUrl: 'http://x', githubToken: 't' })
      store.set(CONFIG_STORAGE_KEY, '{not json')
      saveLocalOverride({ githubToken: 'u' })
      expect(JSON.parse(store.get(CONFIG_STORAGE_KEY)!)).toEqual({ githubToken: 'u' })
    } finally {
      globalThis.localStorage = saved
    }
  })
})
