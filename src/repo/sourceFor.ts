import type { HttpClient } from 'isomorphic-git'
import type { QuireConfig } from '../config'
import type { RetryEvent, RetryOptions } from '../shared/retry'
import { cloneUrlFor, zenodoRecordId, type LaunchSpec } from '../launch'
import { AppError } from '../shared/errors'
import { githubApiSource } from './githubApi'
import { gitSource, withFallback, type RepoSource } from './source'
import { zenodoSource } from './zenodo'
import type { RepoFs } from './types'

/**
 * How a launch's repository is fetched. A `/v2/git/` server must send CORS headers itself. Hosted
 * forges do not on their git endpoints, so they go through the CORS proxy; GitHub, which also
 * has a CORS-enabled REST API, uses that API when no proxy is set or the proxy cannot be reached.
 * Every request of each source is given up after `config.networkTimeoutMs` of silence, and
 * `io.onRetry` hears of each retry (src/shared/retry.ts), with the URL of the source retrying.
 */
export function sourceFor(
  spec: LaunchSpec,
  config: QuireConfig,
  io: { fs: RepoFs; http: HttpClient; fetch: typeof fetch; onRetry?: (e: RetryEvent & { url: string }) => void },
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
    throw new AppError('UNSUPPORTED_PROVIDER', `${spec.key} is handed to a hub: ${spec.handOff}`, {
      provider: spec.provider,
    })
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
