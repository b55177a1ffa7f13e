import git, { type HttpClient } from 'isomorphic-git'
import { mayBeSha } from '../launch'
import { toAppError } from './gitErrors'
import { RefNotFoundError } from './errors'
import { repoVerdict } from './repoRetry'
import { withRetry, type RetryOptions } from '../shared/retry'

export interface ServerRef {
  ref: string
  oid: string
  target?: string
  peeled?: string
}

/** What a link's ref names on the server right now. */
export type RemoteRef =
  /** A branch, tag or HEAD: `sha` is the commit it points to, `name` what to clone. */
  | {
      kind: 'ref'
      name: string
      sha: string
      isTag?: boolean
      /** Set when the answer is a reused one (src/repo/refCache.ts): when it was asked (ms since the epoch). */
      askedAt?: number
      /** Reused past its time because every route refused the lookup (GitHub's limit): the ref may have moved. */
      isPastTtl?: boolean
      /** Answered by a cache that may lag the forge by up to this many seconds (jsDelivr's branch cache). */
      lagSeconds?: number
      /** That cache's route (`jsdelivr`), for the header. */
      resolvedBy?: string
      /**
       * When that cache named no commit (`sha` is then a branch copy's id, src/repo/branchSnapshot.ts): the time its
       * listing gives the files, which GitHub's archives set to the commit's time (ms since the epoch).
       */
      filesAt?: number
    }
  /** No branch or tag has this name but it reads as a commit SHA (full or abbreviated). */
  | { kind: 'sha'; prefix: string; tipName?: string }

/** Matches a link's ref against the server's advertised refs (pure, so unit-testable). */
export function matchRef(refs: ServerRef[], ref: string, url: string): RemoteRef {
  const commitOf = (r: ServerRef) => r.peeled ?? r.oid
  if (ref === 'HEAD') {
    const head = refs.find((r) => r.ref === 'HEAD')
    if (!head) throw new RefNotFoundError(url, ref)
    return { kind: 'ref', name: 'HEAD', sha: commitOf(head) }
  }
  for (const full of [`refs/heads/${ref}`, `refs/tags/${ref}`, ref]) {
    const hit = refs.find((r) => r.ref === full)
    if (hit)
      return {
        kind: 'ref',
        name: full.replace(/^refs\/(heads|tags)\//, ''),
        sha: commitOf(hit),
        isTag: hit.ref.startsWith('refs/tags/'),
      }
  }
  if (mayBeSha(ref)) {
    // A SHA at a branch tip can be cloned as that branch: no history walk needed.
    const tip = refs.find((r) => r.ref.startsWith('refs/heads/') && commitOf(r).startsWith(ref))
    return { kind: 'sha', prefix: ref, tipName: tip?.ref.replace(/^refs\/heads\//, '') }
  }
  throw new RefNotFoundError(url, ref)
}

/**
 * One cheap request (the ref advertisement, `GET info/refs`) that says which commit a ref points
 * to, without downloading any objects. Used both to resolve a link and to check that a cached
 * commit is still current. A transient failure is retried (src/shared/retry.ts).
 */
export async function lookupRef(o: {
  http: HttpClient
  url: string
  ref: string
  corsProxy?: string
  retry?: RetryOptions
}): Promise<RemoteRef> {
  // Protocol v1 advertises every ref with peeled tags in one response, from any smart-HTTP server.
  const refs = await withRetry(
    async () => {
      try {
        return await git.listServerRefs({
          http: o.http,
          url: o.url,
          corsProxy: o.corsProxy || undefined,
          protocolVersion: 1,
          symrefs: true,
          peelTags: true,
        })
      } catch (e) {
        throw toAppError(e, o.url, o.ref)
      }
    },
    repoVerdict,
    o.retry,
  )
  return matchRef(refs, o.ref, o.url)
}
