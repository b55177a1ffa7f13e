import { AppError } from '../shared/errors'
import { readBody } from '../shared/readBody'
import { parseRetryAfter, stallTimer, StallError } from '../shared/retry'
import { RepoUnreachableError } from './errors'
import { RepoHttpStatusError } from './repoRetry'

/**
 * One GET of a forge's or mirror's HTTP API (GitHub, GitLab, jsDelivr, Zenodo) given up after `idleTimeoutMs` with no
 * data: the stall timer is touched by every chunk, so a slow but moving download goes on. `refuse` turns the statuses
 * the caller knows (404, a rate limit…) into their AppErrors; any other non-2xx is RepoHttpStatusError (its
 * Retry-After kept, for the shared retry rules), and a network failure or stall is REPO_UNREACHABLE.
 */
export async function stallFetch(
  fetchFn: typeof fetch,
  url: string,
  o: {
    idleTimeoutMs: number
    init?: RequestInit
    refuse?: (res: Response) => void | Promise<void>
  },
): Promise<{ body: Uint8Array; headers: Headers }> {
  const ctl = new AbortController()
  const timer = stallTimer(url, o.idleTimeoutMs, (e) => ctl.abort(e))
  try {
    const res = await fetchFn(url, { ...o.init, signal: ctl.signal })
    await o.refuse?.(res)
    if (!res.ok)
      throw new RepoHttpStatusError(url, res.status, parseRetryAfter(res.headers.get('retry-after'), Date.now()))
    timer.touch()
    return { body: await readBody(res, timer.touch), headers: res.headers }
  } catch (e) {
    if (e instanceof AppError) throw e
    // An abort by the stall timer surfaces as the StallError it was given (or an AbortError).
    const cause = ctl.signal.reason instanceof StallError ? ctl.signal.reason : e
    throw new RepoUnreachableError(url, cause instanceof Error ? cause.message : String(cause))
  } finally {
    timer.stop()
  }
}
