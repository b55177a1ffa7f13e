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
