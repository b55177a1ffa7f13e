import git, { type HttpClient } from 'isomorphic-git'
import { AppError } from '../shared/errors'
import { RefNotFoundError, RepoNotFoundError, RepoUnreachableError } from './errors'
import { mkdirp, removeTree } from './readTree'
import type { FetchProgress, RepoFs } from './types'

export interface CloneOptions {
  fs: RepoFs
  http: HttpClient
  dir: string
  url: string
  /** Branch or tag; 'HEAD' clones the default branch. */
  ref: string
  corsProxy?: string
  onProgress?: (p: FetchProgress) => void
  signal?: AbortSignal
}

function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined
}

/** Maps isomorphic-git's and fetch's failures to Quire's codes, keeping the cause's words. */
function toAppError(e: unknown, url: string, ref: string): AppError {
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
  // fetch() rejects with a TypeError on DNS, refused connections and missing CORS headers alike.
  return new RepoUnreachableError(url, message)
}

/**
 * Shallow clone (depth 1, one branch, no tags) into `dir`, replacing whatever was there.
 * Returns the checked-out commit SHA.
 */
export async function cloneRepo(o: CloneOptions): Promise<string> {
  await removeTree(o.fs, o.dir)
  await mkdirp(o.fs, o.dir)
  const ref = o.ref === 'HEAD' ? undefined : o.ref
  try {
    await git.clone({
      fs: o.fs,
      http: o.http,
      dir: o.dir,
      url: o.url,
      ref,
      corsProxy: o.corsProxy || undefined,
      singleBranch: true,
      depth: 1,
      noTags: true,
      onProgress: (e) => {
        const phase = /resolv/i.test(e.phase) ? 'resolving' : /check/i.test(e.phase) ? 'checking-out' : 'receiving'
        o.onProgress?.({ phase, loaded: e.loaded, total: e.total })
      },
    })
    return await git.resolveRef({ fs: o.fs, dir: o.dir, ref: 'HEAD' })
  } catch (e) {
    await removeTree(o.fs, o.dir).catch(() => undefined)
    throw toAppError(e, o.url, o.ref)
  }
}
