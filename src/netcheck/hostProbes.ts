// The network check (/check, issue 22): every outside server the configuration names, what Quire
// wants from it, and one cheap request that shows whether this browser, on this network, gets an
// answer it may read (CORS). What a teacher runs on the school network the day before a lesson.
import type { QuireConfig } from '../config'
import type { HostConfigKey } from '../shared/hostError'

export interface HostProbe {
  configKey: HostConfigKey
  /** What Quire wants from this server, in words. */
  wanted: string
  /** A small request that answers on a working server (a 404 still proves the server is there). */
  url: string
  /** Quire reads the answer from the page or a worker, so it must carry CORS headers. */
  needsCors: boolean
}

const slash = (u: string) => (u.endsWith('/') ? u : `${u}/`)

/** The probes for `config`, one per configured server (empty settings are skipped). */
export function hostProbes(config: QuireConfig): HostProbe[] {
  const isSimple = /\/simple\/?$/.test(config.pypiUrl)
  const probes: HostProbe[] = [
    {
      configKey: 'pyodideIndexUrl',
      wanted: 'Python itself (Pyodide’s core files)',
      url: `${slash(config.pyodideIndexUrl)}pyodide-lock.json`,
      needsCors: true,
    },
    {
      configKey: 'pyodidePackageBaseUrl',
      wanted: 'Pyodide’s packages (numpy, pandas, matplotlib, …)',
      url: `${slash(config.pyodidePackageBaseUrl)}pyodide-lock.json`,
      needsCors: true,
    },
    {
      configKey: 'pypiUrl',
      wanted: 'the package index for packages Pyodide does not ship',
      url: isSimple ? `${slash(config.pypiUrl)}pip/` : `${config.pypiUrl.replace(/\/+$/, '')}/pypi/pip/json`,
      needsCors: true,
    },
    ...config.extraIndexUrls.map((u) => ({
      configKey: 'extraIndexUrls' as const,
      wanted: 'an extra package index',
      url: `${slash(u)}pip/`,
      needsCors: true,
    })),
    {
      configKey: 'githubApiUrl',
      wanted: 'GitHub repositories without the git proxy (REST API)',
      url: `${config.githubApiUrl.replace(/\/+$/, '')}/rate_limit`,
      needsCors: true,
    },
    {
      configKey: 'githubRawUrl',
      wanted: 'the files of GitHub repositories (with the REST API)',
      url: slash(config.githubRawUrl),
      needsCors: true,
    },
    {
      configKey: 'corsProxy',
      wanted: 'cloning GitHub, GitLab and gist repositories with git',
      url: slash(config.corsProxy),
      needsCors: false,
    },
    {
      configKey: 'webrBaseUrl',
      wanted: 'R itself (webR)',
      url: `${slash(config.webrBaseUrl)}webr-worker.js`,
      needsCors: true,
    },
    {
      configKey: 'webrRepoUrl',
      wanted: 'R packages for webR',
      url: `${config.webrRepoUrl.replace(/\/+$/, '')}/bin/emscripten/contrib/4.6/PACKAGES`,
      needsCors: true,
    },
    // Without CORS the hand-off still works: Quire then opens the hub's own page instead of following the build.
    ...config.hubs.map((h) => ({
      configKey: 'hubUrl' as const,
      wanted: `repositories that need a server (${h.name})`,
      url: `${h.url.replace(/\/+$/, '')}/versions`,
      needsCors: false,
    })),
  ]
  return probes.filter((p) => /^https?:\/\/[^/]/.test(p.url) && !p.url.startsWith('/'))
}

/** `unknown`: no CORS answer, and this page cannot see a no-CORS one (runProbe's `isOpaqueBlocked`). */
export type ProbeState = 'ok' | 'no-cors' | 'unreachable' | 'unknown'

export interface ProbeResult {
  state: ProbeState
  /** The HTTP status when the answer could be read. */
  status?: number
  /** Why it failed, when it did. */
  detail?: string
  ms: number
}

/**
 * One probe: a CORS request first (what Quire itself makes); when that fails, a no-cors request
 * tells a server that answers without CORS headers from one that does not answer at all. In a page
 * isolated with COEP `require-corp`, the browser blocks a no-cors answer that carries no
 * Cross-Origin-Resource-Policy header exactly as it fails a dead server (`isOpaqueBlocked`): such a
 * failure is `unknown`, never reported as a server that does not answer. (/check is served without
 * isolation for this reason: public/sw.js, scripts/serve.mjs.)
 */
export async function runProbe(
  url: string,
  fetchFn: typeof fetch,
  timeoutMs = 8000,
  now = () => performance.now(),
  isOpaqueBlocked = false,
): Promise<ProbeResult> {
  const started = now()
  const attempt = async (mode: RequestMode) => {
    const ctl = new AbortController()
    const timer = setTimeout(() => ctl.abort(new Error(`no answer in ${timeoutMs / 1000} s`)), timeoutMs)
    try {
      return await fetchFn(url, { mode, cache: 'no-store', signal: ctl.signal, credentials: 'omit' })
    } finally {
      clearTimeout(timer)
    }
  }
  try {
    const res = await attempt('cors')
    return { state: 'ok', status: res.status, ms: now() - started }
  } catch (corsError) {
    try {
      await attempt('no-cors')
      return { state: 'no-cors', detail: 'answers, but without CORS headers', ms: now() - started }
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err)
      const first = corsError instanceof Error ? corsError.message : String(corsError)
      const detail = why === first ? why : `${first}; ${why}`
      // A timeout is a timeout in any page; a refused answer may be the isolation's doing.
      if (isOpaqueBlocked && !ctlTimedOut(err)) return { state: 'unknown', detail, ms: now() - started }
      return { state: 'unreachable', detail, ms: now() - started }
    }
  }
}

const ctlTimedOut = (err: unknown) => err instanceof Error && /^no answer in /.test(err.message)

/**
 * Whether this page's isolation hides no-CORS answers (COEP `require-corp`, as Safari gets): read
 * from the headers the page's own URL is served with now. `credentialless` lets them through.
 */
export async function isOpaqueBlockedHere(
  isIsolated: boolean,
  pageUrl: string,
  fetchFn: typeof fetch,
): Promise<boolean> {
  if (!isIsolated) return false
  try {
    const res = await fetchFn(pageUrl, { method: 'HEAD', cache: 'no-store' })
    return res.headers.get('cross-origin-embedder-policy') !== 'credentialless'
  } catch {
    return true
  }
}
