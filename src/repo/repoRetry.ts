// src/shared/retry.ts's rules for the repository's requests (git smart-HTTP and GitHub's REST
// API), whose failures arrive as REPO_UNREACHABLE once isomorphic-git or the API client has
// wrapped them.
import { AppError } from '../shared/errors'
import { networkVerdict, type RetryVerdict } from '../shared/retry'
import { RepoUnreachableError } from './errors'
import { isTransientGitFailure } from './gitErrors'

/**
 * A server that answered with a status that may change on a second try (408, 429, 5xx). It is
 * REPO_UNREACHABLE like any other unanswered request, and keeps the status and the server's
 * Retry-After for the retry rules.
 */
export class RepoHttpStatusError extends RepoUnreachableError {
  constructor(
    url: string,
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(url, `HTTP ${status}`)
  }
}

/**
 * Which repository failures to retry: a status by the shared rules; otherwise no connection, a
 * connection cut mid-transfer or a stalled server (see isTransientGitFailure). A missing ref, a
 * too-large repository or a server that does not speak git will answer the same again.
 */
export function repoVerdict(e: unknown): RetryVerdict {
  // GitHub's secondary limit says how long to wait; the hourly one (no retryAfterMs) is not retried.
  if (e instanceof AppError && e.code === 'GITHUB_RATE_LIMITED' && typeof e.data.retryAfterMs === 'number')
    return { isRetryable: true, reason: 'GitHub’s secondary rate limit', afterMs: e.data.retryAfterMs }
  if (e instanceof RepoHttpStatusError) return networkVerdict(e)
  // isTransientGitFailure holds only for REPO_UNREACHABLE, whose `detail` is the cause in a few words.
  if (isTransientGitFailure(e) && e instanceof AppError)
    return { isRetryable: true, reason: String(e.data.detail ?? e.message) }
  return networkVerdict(e)
}
