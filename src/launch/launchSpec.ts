import { BadLaunchUrlError, UnsupportedProviderError } from './errors'
import { checkRef, decodePart, fileFromQuery, serverAppFromQuery, viewFromQuery, type ServerApp } from './launchQuery'
import { gitPullFromQuery, type GitPull } from './gitPull'
import { isRecordProvider, parseRecordSpec, type RecordProvider } from './recordSpec'

export type Provider = 'git' | 'gh' | 'gl' | 'gist' | 'demo' | RecordProvider

/** What a launch link asks for, independent of how the repository is fetched. */
export interface LaunchSpec {
  provider: Provider
  /** The provider's name for the repository: `owner/repo` (gh), `namespace/project` (gl),
   * `user/gist-id` (gist), the clone URL (git), or the demo's name. */
  repo: string
  /** Clone URL on the public hosts, for display; the worker uses `cloneUrlFor` with the config. */
  repoUrl: string
  /** Branch, tag, full or short commit SHA, or HEAD (the default branch). */
  ref: string
  /** File to open, relative to the repository root; undefined = choose. */
  labpath?: string
  /** A `urlpath` naming a server application (RStudio, Shiny, a proxied app): a hub verdict. */
  serverApp?: ServerApp
  /** An nbgitpuller link: a second repository pulled into a folder of the workspace (src/launch/gitPull.ts). */
  gitPull?: GitPull
  /** `voila`: the link opens a Voilà app (outputs only, every cell run on open), not the notebook. */
  view?: 'voila'
  /** Why a browser tab cannot fetch this record (a provider without CORS): handed to a hub at once. */
  handOff?: string
  /** Stable storage key for this repository + ref. */
  key: string
  /** Short name for the UI and the kernel's working directory. */
  name: string
}

const MAX_LEN = 4096
const NAME = /^[A-Za-z0-9._-]+$/

function nameFromUrl(url: string): string {
  const last = url.replace(/\/+$/, '').split('/').pop() ?? 'repo'
  return last.replace(/\.git$/, '').replace(/[^A-Za-z0-9._-]/g, '_') || 'repo'
}

function spec(
  provider: Provider,
  repo: string,
  repoUrl: string,
  ref: string,
  labpath: string | undefined,
  serverApp?: ServerApp,
): LaunchSpec {
  return {
    provider,
    repo,
    repoUrl,
    ref,
    labpath,
    ...(serverApp ? { serverApp } : {}),
    key: `${provider}:${repo}@${ref}`,
    name: nameFromUrl(repoUrl),
  }
}

function httpUrl(raw: string, where: string): string {
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new BadLaunchUrlError(where, `"${raw}" is not a URL; escape it with encodeURIComponent`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new BadLaunchUrlError(where, `only http(s) git URLs can be cloned in a browser, not ${parsed.protocol}`)
  return raw
}

/**
 * Parses a mybinder-style launch path (BinderHub's scheme, so a badge moves by changing its host):
 * `/v2/gh/<owner>/<repo>/<ref>`, `/v2/gl/<escaped namespace/project>/<ref>`,
 * `/v2/gist/<user>/<gist-id>[/<ref>]`, `/v2/git/<escaped clone URL>/<ref>`, and Quire's `/v2/demo/<name>`.
 * The ref may itself hold slashes, escaped (`feature%2Fx`) or not (`feature/x`).
 */
export function parseLaunchUrl(pathname: string, search = ''): LaunchSpec {
  const s = parseSpec(pathname, search)
  const q = new URLSearchParams(search)
  const pull = (q.get('labpath') ?? q.get('filepath')) ? undefined : gitPullFromQuery(q, pathname)
  // nbgitpuller's own urlpath names what opens, inside the workspace the pull lands in.
  if (pull) return { ...s, gitPull: pull.pull, labpath: pull.open }
  return viewFromQuery(q) ? { ...s, view: 'voila' } : s
}

function parseSpec(pathname: string, search: string): LaunchSpec {
  const where = pathname
  if (pathname.length + search.length > MAX_LEN) throw new BadLaunchUrlError(where.slice(0, 80), 'the link is too long')
  const m = /^\/v2\/([^/]+)\/(.*)$/.exec(pathname)
  if (!m) throw new BadLaunchUrlError(where, 'a launch link starts with /v2/<provider>/')
  const [, provider, rest] = m
  const segs = rest.split('/').filter((s) => s !== '')
  const query = new URLSearchParams(search)
  const labpath = fileFromQuery(query, where)
  const app = serverAppFromQuery(query)
  const refFrom = (i: number) => checkRef(segs.length > i ? decodePart(segs.slice(i).join('/'), where) : 'HEAD', where)

  switch (provider) {
    case 'git': {
      if (segs.length < 1) throw new BadLaunchUrlError(where, 'missing the repository URL after /v2/git/')
      const url = httpUrl(decodePart(segs[0], where), where)
      return spec('git', url, url, refFrom(1), labpath, app)
    }
    case 'gh': {
      if (segs.length < 2) throw new BadLaunchUrlError(where, 'expected /v2/gh/<owner>/<repo>/<ref>')
      const owner = decodePart(segs[0], where)
      const repo = decodePart(segs[1], where).replace(/\.git$/, '')
      if (!NAME.test(owner) || !NAME.test(repo))
        throw new BadLaunchUrlError(where, 'owner and repo may hold only letters, digits, ".", "_" and "-"')
      return spec('gh', `${owner}/${repo}`, `https://github.com/${owner}/${repo}.git`, refFrom(2), labpath, app)
    }
    case 'gl': {
      if (segs.length < 1) throw new BadLaunchUrlError(where, 'expected /v2/gl/<escaped namespace/project>/<ref>')
      const project = decodePart(segs[0], where).replace(/\.git$/, '')
      const parts = project.split('/')
      // BinderHub takes the whole namespace/project as one escaped segment; unescaped, the ref is ambiguous.
      if (parts.length < 2)
        throw new BadLaunchUrlError(where, 'escape the GitLab namespace/project as one segment, e.g. group%2Fproject')
      if (!parts.every((p) => NAME.test(p)))
        throw new BadLaunchUrlError(where, `"${project}" is not a GitLab namespace/project`)
      return spec('gl', project, `https://gitlab.com/${project}.git`, refFrom(1), labpath, app)
    }
    case 'gist': {
      if (segs.length < 2) throw new BadLaunchUrlError(where, 'expected /v2/gist/<user>/<gist-id>[/<ref>]')
      const user = decodePart(segs[0], where)
      const id = decodePart(segs[1], where)
      if (!NAME.test(user) || !/^[0-9a-f]+$/i.test(id))
        throw new BadLaunchUrlError(where, 'a gist is named by its owner and its hexadecimal id')
      // BinderHub's GistRepoProvider takes `master` for the gist's latest revision, whatever its branch is now
      // called (gists made since 2020 have `main`): both mean the default branch, HEAD.
      const ref = refFrom(2)
      const gistRef = ref === 'master' || ref === 'main' ? 'HEAD' : ref
      return spec('gist', `${user}/${id}`, `https://gist.github.com/${id}.git`, gistRef, labpath, app)
    }
    case 'demo': {
      const name = segs[0] ?? ''
      if (!/^[a-z0-9-]+$/.test(name)) throw new BadLaunchUrlError(where, 'expected /v2/demo/<name>')
      return {
        provider,
        repo: name,
        repoUrl: name,
        ref: 'HEAD',
        labpath,
        ...(app ? { serverApp: app } : {}),
        key: `demo:${name}`,
        name,
      }
    }
    default: {
      if (!isRecordProvider(provider)) throw new UnsupportedProviderError(provider)
      if (segs.length < 1) throw new BadLaunchUrlError(where, `missing the record after /v2/${provider}/`)
      const r = parseRecordSpec(provider, segs, where)
      // A record has no ref: its DOI resolves to one immutable version (the record id), looked up like a branch.
      return {
        ...spec(provider, r.repo, r.repoUrl, 'HEAD', labpath, app),
        name: r.name,
        ...(r.handOff ? { handOff: r.handOff } : {}),
      }
    }
  }
}

/** The link that opens this spec, for the address bar and "copy link". */
export function launchPath(
  s: Pick<LaunchSpec, 'provider' | 'repoUrl' | 'ref' | 'labpath' | 'serverApp' | 'view' | 'gitPull'> & {
    repo?: string
  },
): string {
  const q = s.gitPull
    ? `?urlpath=${encodeURIComponent(gitPullUrlpath(s.gitPull, s.labpath))}`
    : s.view === 'voila'
      ? `?urlpath=${encodeURIComponent(s.labpath ? `voila/render/${s.labpath}` : 'voila/tree')}`
      : s.labpath
        ? `?labpath=${encodeURIComponent(s.labpath)}`
        : s.serverApp
          ? `?urlpath=${encodeURIComponent(s.serverApp.urlpath)}`
          : ''
  const repo = s.repo ?? s.repoUrl
  // Slashes in a ref stay literal: mybinder writes them so, and the parser reads the rest of the path.
  const ref = s.ref.split('/').map(encodeURIComponent).join('/')
  switch (s.provider) {
    case 'git':
      return `/v2/git/${encodeURIComponent(repo)}/${ref}${q}`
    case 'gh':
    case 'gist':
      return `/v2/${s.provider}/${repo}/${ref}${q}`
    case 'gl':
      return `/v2/gl/${encodeURIComponent(repo)}/${ref}${q}`
    case 'demo':
      return `/v2/demo/${repo}${q}`
    // BinderHub's own escaping: the DOI's slash stays, a resource id or dataset URL is one escaped segment.
    case 'zenodo':
    case 'figshare':
    case 'dataverse':
      return `/v2/${s.provider}/${repo}${q}`
    case 'hydroshare':
    case 'ckan':
      return `/v2/${s.provider}/${encodeURIComponent(repo)}${q}`
  }
}

/** nbgitpuller's urlpath for a pull, opening `open` (a workspace path) afterwards. */
function gitPullUrlpath(p: GitPull, open: string | undefined): string {
  const q = new URLSearchParams({ repo: p.repo, ...(p.branch ? { branch: p.branch } : {}), targetpath: p.target })
  if (open) q.set('urlpath', `tree/${open}`)
  return `git-pull?${q}`
}

/** The same launch pinned to one commit: it opens the same files for ever. */
export function permalinkPath(s: LaunchSpec, sha: string): string {
  // A Zenodo record's version is its record id, which has its own DOI (BinderHub's get_resolved_spec).
  if (s.provider === 'zenodo') return launchPath({ ...s, repo: `${s.repo.split('/')[0]}/zenodo.${sha}` })
  return launchPath({ ...s, ref: sha })
}
