import type { HttpClient } from 'isomorphic-git'
import type { QuireConfig } from '../config'
import type { RetryEvent, RetryOptions } from '../shared/retry'
import { cloneUrlFor, type LaunchSpec } from '../launch'
import { githubApiSource } from './githubApi'
import { gitSource, withFallback, type RepoSource } from './source'
import { withSubmodules } from './submodules'
import type { RepoFs } from './types'

export interface SourceIo {
  fs: RepoFs
  http: HttpClient
  fetch: typeof fetch
  onRetry?: (e: RetryEvent & { url: string }) => void
  /** A submodule that could not be fetched and why (the launch log); the header names it in any case. */
  onSubmoduleSkipped?: (path: string, url: string, reason: string) => void
}

/**
 * A submodule's URL as the launch link that would open it: a repository on one of the configured
 * forges takes that forge's routes (proxy, API), anything else is cloned as a `/v2/git/` link.
 * Undefined for what a browser cannot clone (ssh:, file:, git:).
 */
export function specForGitUrl(url: string, config: QuireConfig): Pick<LaunchSpec, 'provider' | 'repo'> | undefined {
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

/**
 * How a launch's repository is fetched. A `/v2/git/` server must send CORS headers itself. Hosted
 * forges do not on their git endpoints, so they go through the CORS proxy; GitHub, which also
 * has a CORS-enabled REST API, uses that API when no proxy is set or the proxy cannot be reached.
 * Every request of each source is given up after `config.networkTimeoutMs` of silence, and
 * `io.onRetry` hears of each retry (src/shared/retry.ts), with the URL of the source retrying.
 * Submodules come along through the routes their own URLs take (src/repo/submodules.ts).
 */
export function sourceFor(
  spec: Pick<LaunchSpec, 'provider' | 'repo'>,
  config: QuireConfig,
  io: SourceIo,
  depth = 0,
): RepoSource {
  const url = cloneUrlFor(spec, config)
  return withSubmodules(routesFor(spec, config, io), {
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

function routesFor(spec: Pick<LaunchSpec, 'provider' | 'repo'>, config: QuireConfig, io: SourceIo): RepoSource {
  const url = cloneUrlFor(spec, config)
  const maxBytes = config.maxRepoBytes
  const idleTimeoutMs = config.networkTimeoutMs
  const retry = (from: string): RetryOptions => ({ onRetry: (e) => io.onRetry?.({ ...e, url: from }) })
  if (spec.provider === 'git' || spec.provider === 'demo')
    return gitSource({ fs: io.fs, http: io.http, url, maxBytes, idleTimeoutMs, retry: retry(url) })
  const git = gitSource({
    fs: io.fs,
    http: io.http,
    url,
    corsProxy: config.corsProxy,
    maxBytes,
    idleTimeoutMs,
    retry: retry(config.corsProxy || url),
  })
  if (spec.provider !== 'gh' || !config.githubApiUrl) return git
  const [owner, repo] = spec.repo.split('/')
  const api = githubApiSource({
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
  })
  return config.corsProxy ? withFallback(git, api) : api
}
