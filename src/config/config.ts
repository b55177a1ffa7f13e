import pyodidePkg from 'pyodide/package.json'
import { siteRoot } from '../shared/base'

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
  /** GitHub's web host: `/v2/gh/<o>/<r>` clones `${githubUrl}/<o>/<r>.git`. */
  githubUrl: string
  /** GitHub's REST API, used when there is no CORS proxy or it fails; '' = never. */
  githubApiUrl: string
  /** Where GitHub serves file bodies: `${githubRawUrl}/<owner>/<repo>/<sha>/<path>`. */
  githubRawUrl: string
  /** GitLab's web host: `/v2/gl/<namespace%2Fproject>` clones `${gitlabUrl}/<ns>/<p>.git`. */
  gitlabUrl: string
  /** Gist's git host: `/v2/gist/<user>/<id>` clones `${gistUrl}/<id>.git`. */
  gistUrl: string
  /** BinderHub a repository that needs a server is sent to: `${hubUrl}/v2/<provider>/…`. */
  hubUrl: string
  /** Absolute URL of webR's runtime (webr-worker.js, R.wasm, the vfs of base R). */
  webrBaseUrl: string
  /** webR-format package repository (`bin/emscripten/contrib/<R x.y>/PACKAGES`) for install.packages(). */
  webrRepoUrl: string
  /** Repositories larger than this many bytes (received pack) are refused (REPO_TOO_LARGE). */
  maxRepoBytes: number
  /** A GitHub token the user gave this browser, sent only to githubApiUrl ('' = none): 5000 calls an hour instead of 60. */
  githubToken: string
}

export const PYODIDE_VERSION: string = pyodidePkg.version
/**
 * The `webr` npm package's version, naming the folder its runtime is copied to. A constant
 * because the package's `exports` hide its package.json; config.test.ts checks it still matches.
 */
export const WEBR_VERSION = '0.6.0'

export function defaultConfig(origin: string): QuireConfig {
  return {
    // The core is served by the site itself (copied from node_modules at install) so it works offline.
    pyodideIndexUrl: `${origin}/pyodide/${PYODIDE_VERSION}/`,
    pyodidePackageBaseUrl: `https://cdn.jsdelivr.net/pyodide/v${PYODIDE_VERSION}/full/`,
    pypiUrl: 'https://pypi.org',
    corsProxy: 'https://cors.isomorphic-git.org',
    demoBaseUrl: `${origin}/demo`,
    // Served by the site too (scripts/prepare-public.mjs), so R starts offline.
    webrBaseUrl: `${origin}/webr/${WEBR_VERSION}/`,
    webrRepoUrl: 'https://repo.r-wasm.org',
    hubUrl: 'https://mybinder.org',
    githubUrl: 'https://github.com',
    githubApiUrl: 'https://api.github.com',
    githubRawUrl: 'https://raw.githubusercontent.com',
    gitlabUrl: 'https://gitlab.com',
    gistUrl: 'https://gist.github.com',
    // A few hundred MB: well past any notebook repository, well short of what a tab survives.
    maxRepoBytes: 300 * 1024 * 1024,
    githubToken: '',
  }
}

type StringKey = { [K in keyof QuireConfig]: QuireConfig[K] extends string ? K : never }[keyof QuireConfig]
const KEYS: StringKey[] = ['pyodideIndexUrl', 'pyodidePackageBaseUrl', 'pypiUrl', 'corsProxy', 'demoBaseUrl', 'webrBaseUrl', 'webrRepoUrl', 'githubUrl', 'githubApiUrl', 'githubRawUrl', 'gitlabUrl', 'gistUrl', 'hubUrl', 'githubToken']

/** Keeps only known string fields; anything else in an override is ignored. */
export function mergeConfig(base: QuireConfig, ...overrides: unknown[]): QuireConfig {
  const out = { ...base }
  for (const o of overrides) {
    if (typeof o !== 'object' || o === null) continue
    for (const k of KEYS) {
      const v = (o as Record<string, unknown>)[k]
      if (typeof v === 'string') out[k] = v.replace(/\/+$/, '')
    }
    const cap = (o as Record<string, unknown>).maxRepoBytes
    if (typeof cap === 'number' && Number.isFinite(cap) && cap > 0) out.maxRepoBytes = cap
  }
  if (!out.pyodideIndexUrl.endsWith('/')) out.pyodideIndexUrl += '/'
  if (!out.pyodidePackageBaseUrl.endsWith('/')) out.pyodidePackageBaseUrl += '/'
  if (!out.webrBaseUrl.endsWith('/')) out.webrBaseUrl += '/'
  return out
}

export const CONFIG_STORAGE_KEY = 'quire:config'

/**
 * Defaults, then the site's optional `/config.json` (self-hosters edit it without rebuilding),
 * then this browser's `localStorage['quire:config']` (per-user overrides; tests use it too).
 */
export async function loadConfig(): Promise<QuireConfig> {
  // Under a project-site base (GitHub Pages) the site's files live below it.
  const origin = siteRoot()
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
