import { AppError } from '../shared/errors'
import { RefNotFoundError, RepoNotFoundError, RepoUnreachableError } from './errors'

function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined
}

/** Maps isomorphic-git's and fetch's failures to Quire's codes, keeping the cause's words. */
export function toAppError(e: unknown, url: string, ref: string): AppError {
  if (e instanceof AppError) return e
  const code = errCode(e)
  const message = e instanceof Error ? e.message : String(e)
  if (code === 'HttpError') {
    const status = Number((e as { data?: { statusCode?: number } }).data?.statusCode ?? 0)
    if (status === 404 || status === 401 || status === 403) return new RepoNotFoundError(url, status)
    return new RepoUnreachableError(url, `HTTP ${status}`)
  }
  if (code === 'NotFoundError' || code === 'MissingNameError' || (code === 'SmartHttpError' && /ref/i.test(message)))
    return new RefNotFoundError(url, ref)
  if (code === 'SmartHttpError') return new RepoUnreachableError(url, 'the server does not speak git smart-HTTP')
  // fetch() rejects with a TypeError on DNS, refused connections, missing CORS headers and a
  // connection cut mid-body alike.
  return new RepoUnreachableError(url, message)
}

/**
 * Failures worth another try: no connection, a connection cut mid-pack, a stalled server, a 5xx.
 * A 4xx, a server that does not speak smart-HTTP or a missing ref will answer the same again.
 */
export function isTransientGitFailure(e: unknown): boolean {
  if (!(e instanceof AppError) || e.code !== 'REPO_UNREACHABLE') return false
  const detail = String(e.data.detail ?? '')
  return !/^HTTP 4\d\d/.test(detail) && !/smart-HTTP/.test(detail)
}
