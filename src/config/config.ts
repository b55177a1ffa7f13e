import pyodidePkg from 'pyodide/package.json'
// A named import: Vite keeps only this field of package.json in the bundle.
import { version as quireVersion } from '../../package.json'
import { siteRoot } from '../shared/base'

/** Every outside service Quire talks to, so self-hosters and tests can point it elsewhere. */
export interface QuireConfig {
  /** Absolute URL of Pyodide's core files (pyodide.mjs, the wasm, the stdlib). */
  pyodideIndexUrl: string
  /** Base URL for packages listed in pyodide-lock.json that are not in the core (numpy, …). */
  pyodidePackageBaseUrl: string
  /** The package index, read as pip reads it: a PEP 691 JSON simple API (`…/simple`, with PEP 658
   *  `.metadata` files; CORS required). A URL not ending in `/simple` is read as a PyPI JSON API
   *  (`${pypiUrl}/pypi/<name>/json`), a fallback for mirrors that serve only that. */
  pypiUrl: string
  /** Simple-API indexes (PEP 691 JSON, with CORS) asked after `pypiUrl` for every launch and `%pip install`,
   *  like pip's `--extra-index-url` in pip.conf; a repository's own `--extra-index-url` lines come after these. */
  extraIndexUrls: string[]
  /**
   * The deployer's own CORS proxy (`npx quire proxy`, or its Cloudflare Worker) for git hosts that send no CORS
   * headers; '' = none, the default: `gh` links then go through jsDelivr and GitHub's API, `gist` links through
   * GitHub's gist API, `gl` links through GitLab's. No shared public proxy: a class would share its one address.
   */
  corsProxy: string
  /** Absolute URL of the folder holding the built-in demo repositories. */
  demoBaseUrl: string
  /** A class pack (`quire pack`) served beside the site: asked first for every repository link ('' = none). */
  packUrl: string
  /** GitHub's web host: `/v2/gh/<o>/<r>` clones `${githubUrl}/<o>/<r>.git`. */
  githubUrl: string
  /** GitHub's REST API, used when there is no CORS proxy or it fails; '' = never. */
  githubApiUrl: string
  /** Where GitHub serves file bodies: `${githubRawUrl}/<owner>/<repo>/<sha>/<path>`. */
  githubRawUrl: string
  /** jsDelivr's data API (data.jsdelivr.com): the file listing of `gh/<owner>/<repo>@<sha>`; '' = never. */
  jsdelivrDataUrl: string
  /** jsDelivr's CDN (cdn.jsdelivr.net): file bodies at `/gh/<owner>/<repo>@<sha>/<path>`. */
  jsdelivrCdnUrl: string
  /**
   * Routes a `gh` link tries, in order (src/repo/sourceFor.ts): `proxy` (git through `corsProxy`, when set),
   * `jsdelivr`, `github-api`. A failure another route can serve moves to the next.
   */
  githubRoutes: GithubRoute[]
  /** How long a branch or tag's lookup is reused, across tabs, before GitHub is asked again (seconds). */
  refCacheSeconds: number
  /**
   * When no route can look a ref up (GitHub's API limit reached), an older lookup up to this age is used and the
   * header says how old (seconds; 0 = never). 12 hours: as stale as jsDelivr's own copy of a branch may be.
   */
  refStaleSeconds: number
  /** GitLab's web host: `/v2/gl/<namespace%2Fproject>` clones `${gitlabUrl}/<ns>/<p>.git`. */
  gitlabUrl: string
  /** Gist's git host: `/v2/gist/<user>/<id>` clones `${gistUrl}/<id>.git`. */
  gistUrl: string
  /** Zenodo's REST API (CORS): `/v2/zenodo/10.5281/zenodo.<id>` reads `${zenodoApiUrl}/records/<id>`. */
  zenodoApiUrl: string
  /** The first of `hubs` (the default hand-off; the user's pick is src/hub/hubChoice.ts, so read
   *  `hubs` through `chosenHub`, not this). Setting only `hubUrl` in an override makes it the one hub. */
  hubUrl: string
  /** BinderHubs offered for the hand-off; with several the user picks one and the choice is kept. */
  hubs: Hub[]
  /** Absolute URL of webR's runtime (webr-worker.js, R.wasm, the vfs of base R). */
  webrBaseUrl: string
  /** webR-format package repository (`bin/emscripten/contrib/<R x.y>/PACKAGES`) for install.packages(). */
  webrRepoUrl: string
  /** Repositories larger than this many bytes (received pack) are refused (REPO_TOO_LARGE). */
  maxRepoBytes: number
  /** A download with no answer or no new bytes for this long is aborted and retried (milliseconds). */
  networkTimeoutMs: number
  /**
   * A GitHub token the user gave this browser, sent only to githubApiUrl ('' = none): 5000 calls an hour instead of
   * 60.
   */
  githubToken: string
}

export const GITHUB_ROUTES = ['proxy', 'jsdelivr', 'github-api'] as const
export type GithubRoute = (typeof GITHUB_ROUTES)[number]

/** A BinderHub the hand-off can use: a name to show and its base URL. */
export interface Hub {
  name: string
  url: string
}

export const PYODIDE_VERSION: string = pyodidePkg.version
/** Quire's own version, quoted in bug reports. */
export const QUIRE_VERSION: string = quireVersion
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
    pypiUrl: 'https://pypi.org/simple',
    extraIndexUrls: [],
    corsProxy: '',
    demoBaseUrl: `${origin}/demo`,
    packUrl: '',
    // Served by the site too (scripts/prepare-public.mjs), so R starts offline.
    webrBaseUrl: `${origin}/webr/${WEBR_VERSION}/`,
    webrRepoUrl: 'https://repo.r-wasm.org',
    hubUrl: 'https://mybinder.org',
    hubs: [{ name: 'mybinder.org', url: 'https://mybinder.org' }],
    githubUrl: 'https://github.com',
    githubApiUrl: 'https://api.github.com',
    githubRawUrl: 'https://raw.githubusercontent.com',
    jsdelivrDataUrl: 'https://data.jsdelivr.com',
    jsdelivrCdnUrl: 'https://cdn.jsdelivr.net',
    githubRoutes: [...GITHUB_ROUTES],
    refCacheSeconds: 60,
    refStaleSeconds: 12 * 60 * 60,
    gitlabUrl: 'https://gitlab.com',
    gistUrl: 'https://gist.github.com',
    zenodoApiUrl: 'https://zenodo.org/api',
    // A few hundred MB: well past any notebook repository, well short of what a tab survives.
    maxRepoBytes: 300 * 1024 * 1024,
    // Long enough for a slow mobile link's first byte, short enough that a dead server is retried.
    networkTimeoutMs: 30_000,
    githubToken: '',
  }
}

type StringKey = { [K in keyof QuireConfig]: QuireConfig[K] extends string ? K : never }[keyof QuireConfig]
const KEYS: StringKey[] = [
  'pyodideIndexUrl',
  'pyodidePackageBaseUrl',
  'pypiUrl',
  'corsProxy',
  'demoBaseUrl',
  'packUrl',
  'webrBaseUrl',
  'webrRepoUrl',
  'githubUrl',
  'githubApiUrl',
  'githubRawUrl',
  'jsdelivrDataUrl',
  'jsdelivrCdnUrl',
  'gitlabUrl',
  'gistUrl',
  'zenodoApiUrl',
  'githubToken',
]

/** `hubs` from an override: entries with an http(s) URL; a missing name becomes the URL's host. */
function readHubs(x: unknown): Hub[] | undefined {
  if (!Array.isArray(x)) return undefined
  const hubs: Hub[] = []
  for (const h of x) {
    if (typeof h !== 'object' || h === null) continue
    const { name, url } = h as Record<string, unknown>
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) continue
    const clean = url.replace(/\/+$/, '')
    hubs.push({ name: typeof name === 'string' && name.trim() ? name.trim() : hostOf(clean), url: clean })
  }
  return hubs.length > 0 ? hubs : undefined
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** Keeps only known fields of the right type; anything else in an override is ignored. */
export function mergeConfig(base: QuireConfig, ...overrides: unknown[]): QuireConfig {
  const out = { ...base }
  for (const o of overrides) {
    if (typeof o !== 'object' || o === null) continue
    for (const k of KEYS) {
      const v = (o as Record<string, unknown>)[k]
      if (typeof v === 'string') out[k] = v.replace(/\/+$/, '')
    }
    // `hubUrl` alone (older configs, tests) is a list of one; `hubs` wins when both are given.
    // Both pass readHubs' http(s) check: a hub URL becomes a link the user follows.
    const rec = o as Record<string, unknown>
    const hubs = readHubs(rec.hubs) ?? readHubs([{ url: rec.hubUrl }])
    if (hubs) out.hubs = hubs
    out.hubUrl = out.hubs[0].url
    // Only http(s) URLs: anything else could not be fetched and would only fail each resolve.
    if (Array.isArray(rec.extraIndexUrls)) {
      out.extraIndexUrls = rec.extraIndexUrls
        .filter((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u))
        .map((u) => u.replace(/\/+$/, ''))
    }
    const cap = (o as Record<string, unknown>).maxRepoBytes
    if (typeof cap === 'number' && Number.isFinite(cap) && cap > 0) out.maxRepoBytes = cap
    if (Array.isArray(rec.githubRoutes))
      out.githubRoutes = rec.githubRoutes.filter((r): r is GithubRoute => GITHUB_ROUTES.includes(r as GithubRoute))
    const ttl = rec.refCacheSeconds
    if (typeof ttl === 'number' && Number.isFinite(ttl) && ttl >= 0) out.refCacheSeconds = ttl
    const stale = rec.refStaleSeconds
    if (typeof stale === 'number' && Number.isFinite(stale) && stale >= 0) out.refStaleSeconds = stale
    const wait = (o as Record<string, unknown>).networkTimeoutMs
    if (typeof wait === 'number' && Number.isFinite(wait) && wait > 0) out.networkTimeoutMs = wait
  }
  if (!out.pyodideIndexUrl.endsWith('/')) out.pyodideIndexUrl += '/'
  if (!out.pyodidePackageBaseUrl.endsWith('/')) out.pyodidePackageBaseUrl += '/'
  if (!out.webrBaseUrl.endsWith('/')) out.webrBaseUrl += '/'
  return out
}

export const CONFIG_STORAGE_KEY = 'quire:config'

let loading: Promise<QuireConfig> | undefined

/**
 * Defaults, then the site's optional `/config.json` (self-hosters edit it without rebuilding),
 * then this browser's `localStorage['quire:config']` (per-user overrides; tests use it too).
 * Read once per page (the app and the service worker registration both ask); a saved override
 * applies at the next load.
 */
export function loadConfig(): Promise<QuireConfig> {
  return (loading ??= readConfig())
}

async function readConfig(): Promise<QuireConfig> {
  // Under a project-site base (GitHub Pages) the site's files live below it.
  const origin = siteRoot()
  let site: unknown = null
  try {
    const res = await fetch(`${origin}/config.json`, { cache: 'no-cache' })
    if (res.ok) site = await res.json()
  } catch {
    // No config.json (or offline): the defaults stand.
  }
  return mergeConfig(defaultConfig(origin), site, readLocalOverride())
}

/** This browser's override object, or {} when there is none or it is damaged. */
function readLocalOverride(): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(CONFIG_STORAGE_KEY) ?? 'null')
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {}
  } catch {
    return {}
  }
}

/**
 * Merges `changes` into this browser's override (`localStorage['quire:config']`), keeping its other
 * keys; a damaged override is replaced rather than blocking the change. Applies at the next load.
 */
export function saveLocalOverride(changes: Partial<QuireConfig>): void {
  localStorage.setItem(CONFIG_STORAGE_KEY, JSON.stringify({ ...readLocalOverride(), ...changes }))
}
