import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { defaultConfig, mergeConfig, WEBR_VERSION } from './config'

describe('mergeConfig', () => {
  const base = defaultConfig('http://localhost:5173')

  it('serves the Pyodide core from the site and packages from the versioned CDN', () => {
    expect(base.pyodideIndexUrl).toMatch(/^http:\/\/localhost:5173\/pyodide\/\d+\.\d+\.\d+\/$/)
    expect(base.pyodidePackageBaseUrl).toMatch(/^https:\/\/cdn\.jsdelivr\.net\/pyodide\/v\d+\.\d+\.\d+\/full\/$/)
  })

  it("serves webR's runtime from the site, in a folder named for the installed webr package", () => {
    const installed = JSON.parse(readFileSync(new URL('../../node_modules/webr/package.json', import.meta.url), 'utf8')).version
    expect(WEBR_VERSION).toBe(installed)
    expect(base.webrBaseUrl).toBe(`http://localhost:5173/webr/${installed}/`)
    expect(mergeConfig(base, { webrBaseUrl: 'http://x/webr' }).webrBaseUrl).toBe('http://x/webr/')
    expect(base.webrRepoUrl).toBe('https://repo.r-wasm.org')
    expect(mergeConfig(base, { webrRepoUrl: 'http://127.0.0.1:9/' }).webrRepoUrl).toBe('http://127.0.0.1:9')
  })

  it('applies overrides in order, ignores unknown keys and non-strings, normalises slashes', () => {
    const c = mergeConfig(base, { pypiUrl: 'http://127.0.0.1:9/', evil: 1, corsProxy: 5 }, { pyodideIndexUrl: 'http://x/py' })
    expect(c.pypiUrl).toBe('http://127.0.0.1:9')
    expect(c.corsProxy).toBe(base.corsProxy)
    expect(c.pyodideIndexUrl).toBe('http://x/py/')
    expect(c).not.toHaveProperty('evil')
  })

  it('points providers at their hosts and takes a numeric size cap', () => {
    expect(base).toMatchObject({ githubUrl: 'https://github.com', gitlabUrl: 'https://gitlab.com', gistUrl: 'https://gist.github.com' })
    expect(base.maxRepoBytes).toBe(300 * 1024 * 1024)
    const hosts = { githubUrl: 'http://127.0.0.1:7/', githubApiUrl: '', githubRawUrl: 'http://r/', gitlabUrl: 'http://l', gistUrl: 'http://g' }
    const c = mergeConfig(base, { ...hosts, maxRepoBytes: 1000 }, { maxRepoBytes: 'big' }, { maxRepoBytes: -1 })
    expect(c).toMatchObject({ githubUrl: 'http://127.0.0.1:7', githubApiUrl: '', githubRawUrl: 'http://r', gitlabUrl: 'http://l', gistUrl: 'http://g' })
    expect(c.maxRepoBytes).toBe(1000)
  })
})
