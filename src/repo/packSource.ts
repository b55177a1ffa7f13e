// A class pack as the first route to any repository (issue 22): with `config.packUrl` set (a pack's
// config.json sets it), a link's lookup asks the pack's pack.json first, and a commit the pack holds
// is copied from its static files; anything else fails as "not found here", which routeChain
// (src/repo/routes.ts) takes as a cue for the network's routes. So a student's usual badge link
// opens from the school's own site, and a link the teacher did not pack still works where the
// network allows.
import { AppError } from '../shared/errors'
import type { LaunchSpec } from '../launch'
import { RepoNotFoundError, RepoUnreachableError } from './errors'
import { fetchDemo } from './fetchDemo'
import { findInPack, readPackManifest, type PackEntry } from './packManifest'
import type { RemoteRef } from './remoteRef'
import type { RepoSource } from './source'
import type { RepoFs } from './types'

export function packSource(o: {
  fs: RepoFs
  fetch: typeof fetch
  /** The pack's base URL (config.packUrl), without a trailing slash. */
  packUrl: string
  spec: Pick<LaunchSpec, 'provider' | 'repo'>
}): RepoSource {
  const manifestUrl = `${o.packUrl}/pack.json`
  let entries: Promise<PackEntry[]> | undefined
  const load = async () => {
    let res: Response
    try {
      res = await o.fetch(manifestUrl, { cache: 'no-cache' })
    } catch (e) {
      throw new RepoUnreachableError(manifestUrl, e instanceof Error ? e.message : String(e))
    }
    if (!res.ok) throw new RepoNotFoundError(manifestUrl, res.status)
    try {
      return readPackManifest(await res.json())
    } catch {
      throw new RepoNotFoundError(manifestUrl, res.status)
    }
  }
  // Asked once per launch; a failed read is asked again by the next launch, not cached here.
  const manifest = () => (entries ??= load().catch((e: unknown) => ((entries = undefined), Promise.reject(e))))
  const absent = (what: string) =>
    new AppError('REPO_NOT_FOUND', `the class pack at ${o.packUrl} has no ${o.spec.repo} ${what}`, {
      url: manifestUrl,
      status: 404,
    })

  return {
    url: o.packUrl,
    route: 'pack',
    async lookup(ref): Promise<RemoteRef> {
      const hit = findInPack(await manifest(), o.spec, ref)
      if (!hit) throw absent(`at ${ref}`)
      return { kind: 'ref', name: hit.byRef ? ref : hit.entry.sha, sha: hit.entry.sha }
    },
    async download(dir, target, onProgress) {
      const want = target.kind === 'ref' ? target.sha : target.prefix
      const hit = findInPack(await manifest(), o.spec, want)
      if (!hit) throw absent(`at commit ${want}`)
      const sha = await fetchDemo({
        fs: o.fs,
        dir,
        baseUrl: `${o.packUrl}/repos/${hit.entry.name}`,
        fetch: o.fetch,
        onProgress,
      })
      if (sha !== hit.entry.sha)
        throw new AppError('REPO_NOT_FOUND', `the class pack's ${hit.entry.name} holds ${sha}, not ${hit.entry.sha}`, {
          url: manifestUrl,
          status: 409,
        })
      return sha
    },
  }
}
