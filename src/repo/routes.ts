import { AppError } from '../shared/errors'
import { isBranchSnapshot } from './branchSnapshot'
import type { RepoSource } from './source'

/**
 * Failures another route may not share: no answer, a 5xx or 429 (REPO_UNREACHABLE), GitHub's
 * limit (GITHUB_RATE_LIMITED), and "not found" — a CORS proxy passes GitHub's 401/403/404
 * through, and jsDelivr knows nothing of a private repository. A missing ref or commit, or a
 * repository over Quire's own size cap, is the answer wherever it is asked.
 */
/** GitHub's limit, or no route answering: where an older or lagging answer beats none. */
export const isLimitedOrDown = (e: unknown): boolean =>
  e instanceof AppError && (e.code === 'GITHUB_RATE_LIMITED' || e.code === 'REPO_UNREACHABLE')

export function isRouteFailure(e: unknown): boolean {
  if (!(e instanceof AppError)) return true
  return e.code === 'REPO_UNREACHABLE' || e.code === 'REPO_NOT_FOUND' || e.code === 'GITHUB_RATE_LIMITED'
}

/**
 * Routes to one repository tried in order (the deployer's proxy, jsDelivr, GitHub's API + raw):
 * a lookup and a download each go to the first route that answers, and a route that failed is
 * not asked again by this chain. `route` and `url` name the route that served last; `onRoute`
 * hears each change, for the launch log. With every route failed, the last failure is the error.
 */
export function routeChain(
  routes: RepoSource[],
  onRoute?: (e: { route: string; url: string; failed?: { route: string; message: string } }) => void,
): RepoSource {
  if (routes.length === 1) return routes[0]
  const failed = new Set<RepoSource>()
  let last = routes[0]
  // The last exact route's refusal of a lookup (GitHub's limit, say): the answer when a cache cannot say either.
  let refused: { r: RepoSource; e: unknown } | undefined

  async function tryRoutes<T>(
    op: (r: RepoSource) => Promise<T>,
    canServe: (r: RepoSource) => boolean = () => true,
    isAfterRefusals = false,
  ): Promise<T> {
    let error: unknown = isAfterRefusals ? refused?.e : undefined
    let prev: RepoSource | undefined = isAfterRefusals ? refused?.r : undefined
    let limited: unknown
    for (const r of routes) {
      if ((failed.has(r) && !isAfterRefusals) || !canServe(r)) continue
      try {
        const out = await op(r)
        // A nested chain (a class pack's, before the network's) that refused the exact lookup and then answered from
        // a cache is not its own failure: its own log line already said which of its routes failed.
        const before = prev === r ? undefined : prev
        if (r !== last || before)
          onRoute?.({ route: r.route ?? r.url, url: r.url, failed: before && describe(before, error) })
        last = r
        return out
      } catch (e) {
        if (!isRouteFailure(e)) throw e
        if (isLimitedOrDown(e)) limited ??= e
        error = e
        prev = r
      }
    }
    // A later route's "not found" (a forge's git endpoint answering for a project its API could not serve) does not
    // hide that an earlier route was limited or down: that is the cause the user can act on.
    const isNotFound = error instanceof AppError && error.code === 'REPO_NOT_FOUND'
    throw (isNotFound && limited) || (error ?? refused?.e ?? new AppError('INTERNAL', 'no route to this repository'))
  }
  const describe = (r: RepoSource, e: unknown) => ({
    route: r.route ?? r.url,
    message: e instanceof Error ? e.message : String(e),
  })
  // Where the ref points now, from a route that asks the forge (never through a cache that may lag).
  const lookupExact = (ref: string) =>
    tryRoutes(
      async (r) => {
        try {
          return await (r.lookupFresh ?? r.lookup).call(r, ref)
        } catch (e) {
          if (isRouteFailure(e)) {
            failed.add(r)
            refused = { r, e }
          }
          throw e
        }
      },
      (r) => r.canLookup !== false,
    )
  const canLag = routes.some((r) => r.lookupLagging)
  // A cache's answer (jsDelivr's branch cache), asked only once every exact route refused. Its refusal is
  // not the launch's error (the first refusal is), and a route that answered serves the download too.
  const lookupLagging = async (ref: string) => {
    try {
      const got = await tryRoutes(
        (r) => r.lookupLagging!(ref),
        (r) => r.lookupLagging !== undefined,
        true,
      )
      failed.delete(last)
      return got
    } catch (e) {
      throw refused?.e ?? e
    }
  }

  return {
    get url() {
      return last.url
    },
    get route() {
      return last.route
    },
    lookupFresh: lookupExact,
    async lookup(ref) {
      try {
        return await lookupExact(ref)
      } catch (e) {
        if (!canLag || !(e instanceof AppError) || !isLimitedOrDown(e)) throw e
        return lookupLagging(ref)
      }
    },
    ...(canLag && { lookupLagging }),
    async download(dir, target, onProgress) {
      // A branch copy whose commit is unknown exists only on the cache that described it.
      const isCopy = target.kind === 'ref' && isBranchSnapshot(target.sha)
      return tryRoutes(
        async (r) => {
          try {
            return await r.download(dir, target, onProgress)
          } catch (e) {
            if (isRouteFailure(e)) failed.add(r)
            throw e
          }
        },
        (r) => !isCopy || r.lookupLagging !== undefined,
      )
    },
    gitlinks: (dir, sha, paths) => last.gitlinks?.(dir, sha, paths) ?? Promise.resolve(new Map<string, string>()),
  }
}

const ROUTE_NAMES: Record<string, string> = {
  proxy: 'the CORS proxy',
  jsdelivr: 'jsDelivr',
  'github-api': 'GitHub’s API',
  'gist-api': 'GitHub’s gist API',
  'gitlab-api': 'GitLab’s API',
  git: 'git',
  pack: 'the class pack',
}

/**
 * Whether a route's copy keeps symbolic links as links. jsDelivr's is GitHub's archive, where a link is a file holding
 * its target's path (jsdelivr/jsdelivr#18290, #18225; e2e/servers/jsdelivr-server.ts); git, the forges' APIs (mode
 * 120000) and a class pack keep them.
 */
export const keepsLinks = (route: string | undefined): boolean => route !== 'jsdelivr'

/** A route as the launch log and the header name it. */
export const routeName = (route: string): string => ROUTE_NAMES[route] ?? route
