// nbgitpuller links (https://nbgitpuller.readthedocs.io, jupyterhub/nbgitpuller's handlers.py):
// `urlpath=git-pull?repo=<git URL>&branch=<branch>&urlpath=<what to open>&targetpath=<folder>`.
// The named repository is pulled into a folder beside the launched one (by default named after
// the repository, as nbgitpuller's `targetpath`) and the nested urlpath (`tree/<folder>/<file>`,
// `lab/tree/…`) names what to open, relative to the workspace.
import { BadLaunchUrlError } from './errors'
import { fileFromQuery, normalizeRepoPath } from './launchQuery'

export interface GitPull {
  /** The git URL to pull (http(s) only: a browser cannot speak ssh). */
  repo: string
  /** Branch to pull; undefined = the repository's default branch (nbgitpuller resolves HEAD). */
  branch?: string
  /** The workspace folder it lands in. */
  target: string
}

/** The pull a `urlpath=git-pull?…` asks for and the path to open, or undefined for any other urlpath. */
export function gitPullFromQuery(
  q: URLSearchParams,
  where: string,
): { pull: GitPull; open: string | undefined } | undefined {
  const raw = q.get('urlpath')?.replace(/^\/+/, '')
  if (!raw || !/^git-pull\/?(?:\?|$)/.test(raw)) return undefined
  const inner = new URLSearchParams(raw.slice(raw.indexOf('?') + 1 || raw.length))
  const repo = inner.get('repo')
  if (!repo)
    throw new BadLaunchUrlError(where, 'an nbgitpuller link (urlpath=git-pull?…) names the repository in repo=')
  let url: URL
  try {
    url = new URL(repo)
  } catch {
    throw new BadLaunchUrlError(where, `nbgitpuller's repo "${repo.slice(0, 80)}" is not a URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new BadLaunchUrlError(where, `only http(s) git URLs can be pulled in a browser, not ${url.protocol}`)
  const fromUrl =
    url.pathname
      .replace(/\/+$/, '')
      .split('/')
      .pop()
      ?.replace(/\.git$/, '') ?? ''
  const target = normalizeRepoPath(inner.get('targetpath') ?? fromUrl, where)
  if (!target) throw new BadLaunchUrlError(where, `nbgitpuller's targetpath for ${repo} names no folder`)
  const branch = inner.get('branch') || undefined
  // The nested urlpath reads like a launch link's own; without one nbgitpuller opens the folder.
  const open = fileFromQuery(new URLSearchParams({ urlpath: inner.get('urlpath') ?? '' }), where) ?? target
  return { pull: { repo, ...(branch ? { branch } : {}), target }, open }
}
