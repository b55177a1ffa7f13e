import { describe, expect, it } from 'vitest'
import { defaultConfig, mergeConfig } from './config'

describe('mergeConfig', () => {
  const base = defaultConfig('http://localhost:5173')

  it('serves the Pyodide core from the site and packages from the versioned CDN', () => {
    expect(base.pyodideIndexUrl).toMatch(/^http:\/\/localhost:5173\/pyodide\/\d+\.\d+\.\d+\/$/)
    expect(base.pyodidePackageBaseUrl).toMatch(/^https:\/\/cdn\.jsdelivr\.net\/pyodide\/v\d+\.\d+\.\d+\/full\/$/)
  })

  it('applies overrides in order, ignores unknown keys and non-strings, normalises slashes', () => {
    const c = mergeConfig(base, { pypiUrl: 'http://127.0.0.1:9/', evil: 1, corsProxy: 5 }, { pyodideIndexUrl: 'http://x/py' })
    expect(c.pypiUrl).toBe('http://127.0.0.1:9')
    expect(c.corsProxy).toBe(base.corsProxy)
    expect(c.pyodideIndexUrl).toBe('http://x/py/')
    expect(c).not.toHaveProperty('evil')
  })
})
