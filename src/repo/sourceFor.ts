import type { HttpClient } from 'isomorphic-git'
import type { QuireConfig } from '../config'
import { cloneUrlFor, type LaunchSpec } from '../launch'
import { githubApiSource } from './githubApi'
import { gitSource, withFallback, type RepoSource } from './source'
import type { RepoFs } from './types'

/**
 * How a launch's repository is fetched. A `/v2/git/` server must send CORS headers itself. Hosted
 * forges do not on their git endpoints, so they go through the CORS proxy; GitHub, which also
 * has a CORS-enabled REST API, uses that API when no proxy is set or the proxy cannot be reached.
 */
export function sourceFor(spec: LaunchSpec, config: QuireConfig, io: { fs: RepoFs; http: HttpClient; fetch: typeof fetch }): RepoSource {
  const url = cloneUrlFor(spec, config)
  const maxBytes = config.maxRepoBytes
  const idleTimeoutMs = config.networkTimeoutMs
  if (spec.provider === 'git' || spec.provider === 'demo') return gitSource({ fs: io.fs, http: io.http, url, maxBytes, idleTimeoutMs })
  const git = gitSource({ fs: io.fs, http: io.http, url, corsProxy: config.corsProxy, maxBytes, idleTimeoutMs })
  if (spec.provider !== 'gh' || !config.githubApiUrl) return git
  const [owner, repo] = spec.repo.split('/')
  const api = githubApiSource({ fs: io.fs, fetch: io.fetch, apiUrl: config.githubApiUrl, rawUrl: config.githubRawUrl, token: config.githubToken, owner, repo, maxBytes })
  return config.corsProxy ? withFallback(git, api) : api
}
