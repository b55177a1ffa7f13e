import pyodidePkg from 'pyodide/package.json'

/** Every outside service Quire talks to, so self-hosters and tests can point it elsewhere. */
export interface QuireConfig {
  /** Absolute URL of Pyodide's core files (pyodide.mjs, the wasm, the stdlib). */
  pyodideIndexUrl: string
  /** Base URL for packages listed in pyodide-lock.json that are not in the core (numpy, …). */
  pyodidePackageBaseUrl: string
  /** Base of a PyPI-compatible JSON API: `${pypiUrl}/pypi/<name>/json`. */
  pypiUrl: string
  /** CORS proxy for git hosts that send no CORS headers (GitHub); '' = none. */
  corsProxy: string
  /** Absolute URL of the folder holding the built-in demo repositories. */
  demoBaseUrl: string
}

export const PYODIDE_VERSION: string = pyodidePkg.version

export function defaultConfig(origin: string): QuireConfig {
  return {
    // The core is served by the site itself (copied from node_modules at install) so it works offline.
    pyodideIndexUrl: `${origin}/pyodide/${PYODIDE_VERSION}/`,
    pyodidePackageBaseUrl: `https://cdn.jsdelivr.net/pyodide/v${PYODIDE_VERSION}/full/`,
    pypiUrl: 'https://pypi.org',
    corsProxy: 'https://cors.isomorphic-git.org',
    demoBaseUrl: `${origin}/demo`,
  }
}

const KEYS: Array<keyof QuireConfig> = ['pyodideIndexUrl', 'pyodidePackageBaseUrl', 'pypiUrl', 'corsProxy', 'demoBaseUrl']

/** Keeps only known string fields; anything else in an override is ignored. */
export function mergeConfig(base: QuireConfig, ...overrides: unknown[]): QuireConfig {
  const out = { ...base }
  for (const o of overrides) {
    if (typeof o !== 'object' || o === null) continue
    for (const k of KEYS) {
      const v = (o as Record<string, unknown>)[k]
      if (typeof v === 'string') out[k] = v.replace(/\/+$/, '')
    }
  }
  if (!out.pyodideIndexUrl.endsWith('/')) out.pyodideIndexUrl += '/'
  if (!out.pyodidePackageBaseUrl.endsWith('/')) out.pyodidePackageBaseUrl += '/'
  return out
}

export const CONFIG_STORAGE_KEY = 'quire:config'

/**
 * Defaults, then the site's optional `/config.json` (self-hosters edit it without rebuilding),
 * then this browser's `localStorage['quire:config']` (per-user overrides; tests use it too).
 */
export async function loadConfig(): Promise<QuireConfig> {
  const origin = location.origin
  let site: unknown = null
  try {
    const res = await fetch(`${origin}/config.json`, { cache: 'no-cache' })
    if (res.ok) site = await res.json()
  } catch {
    // No config.json (or offline): the defaults stand.
  }
  let local: unknown = null
  try {
    local = JSON.parse(localStorage.getItem(CONFIG_STORAGE_KEY) ?? 'null')
  } catch {
    local = null
  }
  return mergeConfig(defaultConfig(origin), site, local)
}
