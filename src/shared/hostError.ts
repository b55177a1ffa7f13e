// HOST_UNREACHABLE: one outside server Quire needed did not answer (or refused). A school network
// that blocks one host must hear which host, what Quire wanted from it, and which setting points
// it elsewhere — never "WebAssembly or memory" (issue 22).
import { AppError } from './errors'
import { hostOf } from './retry'

/** The configuration key that names each outside server (src/config), for the fix we suggest. */
export type HostConfigKey =
  | 'pyodideIndexUrl'
  | 'pyodidePackageBaseUrl'
  | 'pypiUrl'
  | 'extraIndexUrls'
  | 'corsProxy'
  | 'githubUrl'
  | 'githubApiUrl'
  | 'githubRawUrl'
  | 'gitlabUrl'
  | 'gistUrl'
  | 'webrBaseUrl'
  | 'webrRepoUrl'
  | 'hubUrl'

export interface HostNeed {
  /** What Quire wanted from the host, in words: "the Pyodide package numpy (numpy-2.4.6-….whl)". */
  wanted: string
  configKey: HostConfigKey
}

/** What HOST_UNREACHABLE carries in `data`; the error screen reads it back with `hostProblemOf`. */
export interface HostProblem extends HostNeed {
  host: string
  url: string
  /** The server's status when it answered with an error (a 404 from a mirror lacking the file). */
  status?: number
  cause: string
}

export function hostUnreachable(url: string, need: HostNeed, cause: string, status?: number): AppError {
  const host = hostOf(url)
  const problem: HostProblem = { host, url, ...need, cause, ...(status === undefined ? {} : { status }) }
  const what = status === undefined ? 'could not be reached' : `answered HTTP ${status}`
  return new AppError(
    'HOST_UNREACHABLE',
    `${host} ${what} for ${need.wanted} (${url}): ${cause}. Allow ${host} on this network, or set ${need.configKey} ` +
      'in config.json to a mirror or class pack that serves it.',
    { ...problem },
  )
}

/** The host problem an error's data describes, when it describes one. */
export function hostProblemOf(data: Record<string, unknown>): HostProblem | undefined {
  const { host, url, wanted, configKey, cause, status } = data
  if (typeof host !== 'string' || typeof url !== 'string' || typeof wanted !== 'string') return undefined
  if (typeof configKey !== 'string') return undefined
  return {
    host,
    url,
    wanted,
    configKey: configKey as HostConfigKey,
    cause: typeof cause === 'string' ? cause : '',
    ...(typeof status === 'number' ? { status } : {}),
  }
}

/**
 * The host problem behind an error screen: HOST_UNREACHABLE's own, or the package index's for
 * INDEX_UNREACHABLE (index pages and wheel files both come from what `pypiUrl` names).
 */
export function hostProblemFor(code: string, data: Record<string, unknown>): HostProblem | undefined {
  if (code === 'HOST_UNREACHABLE') return hostProblemOf(data)
  if (code !== 'INDEX_UNREACHABLE' || typeof data.url !== 'string' || !/^https?:\/\//.test(data.url)) return undefined
  return {
    host: hostOf(data.url),
    url: data.url,
    wanted: 'the package index (the versions of the requested packages, and their wheels)',
    configKey: 'pypiUrl',
    cause: typeof data.reason === 'string' ? data.reason : '',
  }
}

/**
 * A failed fetch as Pyodide reports it (through the kernel frame's fetch proxy: "Failed to fetch
 * <url>: …"; or its own loader: "Failed to load '<url>': request failed."), as the URL it names.
 */
export function failedFetchUrl(message: string): string | undefined {
  const proxied = /Failed to fetch (https?:\/\/[^\s'"]+?):? /.exec(`${message} `)
  if (proxied) return proxied[1]
  const loader = /Failed to load '(https?:\/\/[^']+)': request failed/.exec(message)
  if (loader) return loader[1]
  // kernels/python/frame/pyodide-module.ts: "<url>: HTTP 404"
  return /(https?:\/\/\S+): HTTP \d{3}\b/.exec(message)?.[1]
}

/**
 * A start-up failure of the Python kernel that is really a failed fetch, as the host error; other
 * failures are left as they are. `packageBaseUrl` tells a package host from the core's host.
 */
export function kernelFetchFailure(
  message: string,
  urls: { indexURL?: string; packageBaseUrl?: string },
  wanted?: string,
): AppError | undefined {
  const url = failedFetchUrl(message)
  if (!url) return undefined
  const isPackage = urls.packageBaseUrl !== undefined && url.startsWith(urls.packageBaseUrl)
  const status = /: HTTP (\d{3})\b/.exec(message)
  return hostUnreachable(
    url,
    {
      wanted: wanted ?? (isPackage ? `a Pyodide package (${url.split('/').pop() ?? url})` : "Pyodide's files"),
      configKey: isPackage ? 'pyodidePackageBaseUrl' : 'pyodideIndexUrl',
    },
    message,
    status?.[1] ? Number(status[1]) : undefined,
  )
}
