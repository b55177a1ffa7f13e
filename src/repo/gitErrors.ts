import { AppError } from '../shared/errors'
import { RefNotFoundError, RepoNotFoundError, RepoUnreachableError } from './errors'
import { storageFailure } from './storageErrors'

function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined
}

/** Maps isomorphic-git's and fetch's failures to Quire's codes, keeping the cause's words. */
export function toAppError(e: unknown, url: string, ref: string): AppError {
  if (e instanceof AppError) return e
  const code = errCode(e)
  // The checkout writes files in parallel and gathers their failures in one MultipleGitError: a storage failure
  // among them is the cause (isomorphic-git's checkout, "There are multiple errors…").
  if (code === 'MultipleGitError') {
    const inner: unknown[] = (e as { errors?: unknown[] }).errors ?? []
    const stored = inner.map((x) => storageFailure(x, `the files of ${url}`)).find((x) => x !== undefined)
    if (stored) return stored
    if (inner.length > 0) return toAppError(inner[0], url, ref)
  }
  const message = e instanceof Error ? e.message : String(e)
  if (code === 'HttpError') {
    const status = Number((e as { data?: { statusCode?: number } }).data?.statusCode ?? 0)
    if (status === 404 || status === 401 || status === 403) return new RepoNotFoundError(url, status)
    return new RepoUnreachableError(url, `HTTP ${status}`)
  }
  if (code === 'NotFoundError' || code === 'MissingNameError' || (code === 'SmartHttpError' && /ref/i.test(message)))
    return new RefNotFoundError(url, ref)
  if (code === 'SmartHttpError') return new RepoUnreachableError(url, 'the server does not speak git smart-HTTP')
  // A file the checkout could not write is the browser's storage failing, not the server: no retry, no other route.
  const stored = storageFailure(e, `the files of ${url}`)
  if (stored) return stored
  // isomorphic-git's own refusal of a path in the tree (`..`, `.git/`): the repository, not the network.
  if (code === 'UnsafeFilepathError')
    return new AppError('UNSAFE_PATH', `${url} holds a path git refuses to check out: ${message}`, { url })
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
