import type { HttpClient } from 'isomorphic-git'
import type { QuireConfig } from '../config'
import type { RetryEvent, RetryOptions } from '../shared/retry'
import { cloneUrlFor, zenodoRecordId, type LaunchSpec } from '../launch'
import { AppError } from '../shared/errors'
import { gistApiSource } from './gistApi'
import { githubApiSource } from './githubApi'
import { gitlabApiSource } from './gitlabApi'
import { jsdelivrSource } from './jsdelivr'
import { withLfs } from './lfsFetch'
import { packSource } from './packSource'
import { withRefCache, type RefCache } from './refCache'
import { routeChain } from './routes'
import { gitSource, type RepoSource } from './source'
import { withSubmodules } from './submodules'
import { zenodoSource } from './zenodo'
import type { RepoFs } from './types'

export interface SourceIo {
  fs: RepoFs
  http: HttpClient
  fetch: typeof fetch
  onRetry?: (e: RetryEvent & { url: string }) => void
  /** The route serving a repository changed (and why), for the launch log. */
  onRoute?: (e: { route: string; url: string; failed?: { route: string; message: string } }) => void
  /** Branch and tag lookups shared for `config.refCacheSeconds` (src/repo/refCache.ts); none = always ask. */
  refCache?: RefCache
  /** A lookup answered from `refCache`, this old: how stale the branch may be (`isPastTtl`: GitHub refused). */
  onCachedRef?: (ageMs: number, isPastTtl: boolean) => void
  /** Git LFS files left as pointers and why (the launch log); the header names them in any case. */
  onLfsSkipped?: (paths: string[], reason: string) => void
  /** A submodule that could not be fetched and why (the launch log); the header names it in any case. */
  onSubmoduleSkipped?: (path: string, url: string, reason: string) => void
}

/**
 * A submodule's URL as the launch link that would open it: a repository on one of the configured
 * forges takes that forge's routes (proxy, API), anything else is cloned as a `/v2/git/` link.
 * Undefined for what a browser cannot clone (ssh:, file:, git:).
 */
export function specForGitUrl(
  url: string,
  config: Pick<QuireConfig, 'githubUrl' | 'gitlabUrl'>,
): Pick<LaunchSpec, 'provider' | 'repo'> | undefined {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return undefined
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined
  const path = u.pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '')
  const on = (base: string) => {
    try {
      return new URL(base).host === u.host
    } catch {
      return false
    }
  }
  if (on(config.githubUrl) && /^[^/]+\/[^/]+$/.test(path)) return { provider: 'gh', repo: path }
  if (on(config.gitlabUrl) && path.includes('/')) return { provider: 'gl', repo: path }
  return { provider: 'git', repo: url }
}

/** The providers `quire pack` packs: git repositories (records and the demo are not). */
const PACKED_PROVIDERS: ReadonlySet<string> = new Set(['gh', 'gl', 'gist', 'git'])

/**
 * How a launch's repository is fetched. A `/v2/git/` server must send CORS headers itself. Hosted
 * forges do not on their git endpoints, so they go through the deployer's CORS proxy when one is configured
 * (none by default); GitHub also goes through jsDelivr's mirror and its own REST API (routesFor).
 * Every request of each source is given up after `config.networkTimeoutMs` of silence, and
 * `io.onRetry` hears of each retry (src/shared/retry.ts), with the URL of the source retrying.
 * Submodules come along through the routes their own URLs take (src/repo/submodules.ts).
 */
export function sourceFor(
  spec: Pick<LaunchSpec, 'provider' | 'repo'> & Partial<Pick<LaunchSpec, 'handOff'>>,
  config: QuireConfig,
  io: SourceIo,
  depth = 0,
): RepoSource {
  const url = cloneUrlFor(spec, config)
  const network = withLfsFor(routesFor(spec, config, io), spec, url, config, io)
  // A class pack beside the site answers first; what it lacks goes to the network (src/repo/packSource.ts).
  const routes =
    config.packUrl && PACKED_PROVIDERS.has(spec.provider)
      ? routeChain([packSource({ fs: io.fs, fetch: io.fetch, packUrl: config.packUrl, spec }), network], io.onRoute)
      : network
  const cached =
    io.refCache && config.refCacheSeconds > 0 && spec.provider !== 'demo'
      ? withRefCache(routes, {
          cache: io.refCache,
          key: `${spec.provider}:${spec.repo}`,
          ttlMs: config.refCacheSeconds * 1000,
          staleMs: config.refStaleSeconds * 1000,
          onCached: io.onCachedRef,
        })
      : routes
  return withSubmodules(cached, {
    fs: io.fs,
    parentUrl: url,
    depth,
    onSkip: io.onSubmoduleSkipped,
    sourceFor: (subUrl, subDepth) => {
      const sub = specForGitUrl(subUrl, config)
      return sub && sourceFor(sub, config, io, subDepth)
    },
  })
}

/**
 * Git LFS objects after each download, from the LFS server git-lfs would ask (src/repo/lfsFetch.ts): a forge's
 * (no CORS) through the deployer's proxy when one is set, a `/v2/git/` server's directly.
 */
function withLfsFor(
  source: RepoSource,
  spec: Pick<LaunchSpec, 'provider'>,
  url: string,
  config: QuireConfig,
  io: SourceIo,
): RepoSource {
  if (spec.provider !== 'gh' && spec.provider !== 'gl' && spec.provider !== 'gist' && spec.provider !== 'git')
    return source
  const proxy = spec.provider !== 'git' && config.corsProxy
  const via = proxy ? (u: string) => `${proxy}/${u.replace(/^https?:\/\//, '')}` : undefined
  const maxBytes = config.maxRepoBytes
  return withLfs(source, { fs: io.fs, fetch: io.fetch, cloneUrl: url, maxBytes, via, onSkip: io.onLfsSkipped })
}

const FORGE_NAMES: Record<string, string> = { gl: 'GitLab', gist: 'GitHub gist' }

/**
 * A forge whose git endpoints send no CORS headers, asked directly because no proxy is configured: the browser's
 * refusal (a fetch TypeError, REPO_UNREACHABLE with no HTTP status) is said for what it is, with the fix.
 */
function needsProxy(source: RepoSource, provider: string): RepoSource {
  const explain = (e: unknown) => {
    if (!(e instanceof AppError) || e.code !== 'REPO_UNREACHABLE' || /^HTTP \d/.test(String(e.data.detail ?? '')))
      return e
    const why = `${FORGE_NAMES[provider] ?? provider}'s git endpoints send no CORS headers and no CORS proxy is configured`
    return new AppError('REPO_UNREACHABLE', `${e.message} (${why}: set corsProxy to your own, e.g. npx quire proxy)`, {
      ...e.data,
      needsProxy: true,
    })
  }
  return Object.assign(Object.create(source) as RepoSource, {
    lookup: (ref: string) => source.lookup(ref).catch((e: unknown) => Promise.reject(explain(e))),
    download: (...a: Parameters<RepoSource['download']>) =>
      source.download(...a).catch((e: unknown) => Promise.reject(explain(e))),
  })
}

/**
 * A forge's routes. `gh`: those of `config.githubRoutes`, in order, that are configured — the
 * deployer's proxy, jsDelivr's mirror (commits only), GitHub's API + raw — else git itself.
 * `gl` and `gist`: git through the proxy (without one, git directly, which their hosts refuse for want of CORS: the
 * error says so). `git`: the server itself, which must send CORS headers.
 */
function routesFor(
  spec: Pick<LaunchSpec, 'provider' | 'repo'> & Partial<Pick<LaunchSpec, 'handOff'>>,
  config: QuireConfig,
  io: SourceIo,
): RepoSource {
  const url = cloneUrlFor(spec, config)
  const maxBytes = config.maxRepoBytes
  const idleTimeoutMs = config.networkTimeoutMs
  const retry = (from: string): RetryOptions => ({ onRetry: (e) => io.onRetry?.({ ...e, url: from }) })
  if (spec.provider === 'zenodo') {
    const recordId = zenodoRecordId(spec.repo)
    // parseLaunchUrl hands any other DOI to a hub (spec.handOff); nothing fetches it here.
    if (!recordId)
      throw new AppError('UNSUPPORTED_PROVIDER', `${spec.repo} is not a Zenodo DOI`, { provider: 'zenodo' })
    const from = config.zenodoApiUrl
    return zenodoSource({
      fs: io.fs,
      fetch: io.fetch,
      apiUrl: from,
      recordId,
      maxBytes,
      idleTimeoutMs,
      retry: retry(from),
    })
  }
  if (spec.handOff)
    throw new AppError('UNSUPPORTED_PROVIDER', `${spec.provider}/${spec.repo} is handed to a hub: ${spec.handOff}`, {
      provider: spec.provider,
    })
  const git = (corsProxy: string) =>
    gitSource({ fs: io.fs, http: io.http, url, corsProxy, maxBytes, idleTimeoutMs, retry: retry(corsProxy || url) })
  if (spec.provider === 'git' || spec.provider === 'demo') return git('')
  if (spec.provider === 'gist' && config.githubApiUrl) {
    // The deployer's proxy (git) first when one is set, then GitHub's gist API (CORS: no proxy needed).
    const gist = gistApiSource({
      fs: io.fs,
      fetch: io.fetch,
      apiUrl: config.githubApiUrl,
      token: config.githubToken,
      id: spec.repo.split('/')[1],
      maxBytes,
      idleTimeoutMs,
      retry: retry(config.githubApiUrl),
    })
    // A gist host of the deployer's own may send CORS itself: asked directly last (gist.github.com does not).
    const direct = new URL(url).host !== 'gist.github.com' ? [git('')] : []
    const routes = [...(config.corsProxy ? [git(config.corsProxy)] : []), gist, ...direct]
    return routeChain(routes, io.onRoute)
  }
  if (spec.provider === 'gl') {
    // The deployer's proxy (git) first when one is set, then GitLab's REST API (CORS: no proxy needed), which
    // every GitLab instance serves at <host>/api/v4; a host of the deployer's own may send CORS on git itself.
    const apiUrl = `${config.gitlabUrl.replace(/\/+$/, '')}/api/v4`
    const api = gitlabApiSource({
      fs: io.fs,
      fetch: io.fetch,
      apiUrl,
      project: spec.repo,
      maxBytes,
      idleTimeoutMs,
      retry: retry(apiUrl),
    })
    const direct = new URL(url).host !== 'gitlab.com' ? [needsProxy(git(''), spec.provider)] : []
    return routeChain([...(config.corsProxy ? [git(config.corsProxy)] : []), api, ...direct], io.onRoute)
  }
  if (spec.provider !== 'gh') return config.corsProxy ? git(config.corsProxy) : needsProxy(git(''), spec.provider)
  const [owner, repo] = spec.repo.split('/')
  const routes = config.githubRoutes.flatMap((r): RepoSource[] => {
    if (r === 'proxy') return config.corsProxy ? [git(config.corsProxy)] : []
    if (r === 'jsdelivr')
      return config.jsdelivrDataUrl && config.jsdelivrCdnUrl
        ? [
            jsdelivrSource({
              fs: io.fs,
              fetch: io.fetch,
              dataUrl: config.jsdelivrDataUrl,
              cdnUrl: config.jsdelivrCdnUrl,
              owner,
              repo,
              maxBytes,
              idleTimeoutMs,
              retry: retry(config.jsdelivrCdnUrl),
            }),
          ]
        : []
    if (!config.githubApiUrl) return []
    return [
      githubApiSource({
        fs: io.fs,
        fetch: io.fetch,
        apiUrl: config.githubApiUrl,
        rawUrl: config.githubRawUrl,
        token: config.githubToken,
        owner,
        repo,
        maxBytes,
        idleTimeoutMs,
        retry: retry(config.githubApiUrl),
      }),
    ]
  })
  // jsDelivr alone cannot look a branch up: git (direct, for servers with CORS) stays the last resort.
  if (!routes.some((r) => r.canLookup !== false)) routes.push(git(config.corsProxy))
  return routeChain(routes, io.onRoute)
}
