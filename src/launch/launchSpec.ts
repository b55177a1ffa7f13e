import { BadLaunchUrlError, UnsupportedProviderError } from './errors'

/** What a launch link asks for, independent of how the repository is fetched. */
export interface LaunchSpec {
  provider: 'git' | 'gh' | 'demo'
  /** Clone URL (git, gh) or the demo's manifest name. */
  repoUrl: string
  /** Branch, tag or HEAD (the default branch). */
  ref: string
  /** File to open, relative to the repository root; undefined = choose. */
  labpath?: string
  /** Stable storage key for this repository + ref. */
  key: string
  /** Short name for the UI and the kernel's working directory. */
  name: string
}

const MAX_LEN = 4096

function decode(part: string, path: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    throw new BadLaunchUrlError(path, `"${part}" is not valid percent-encoding`)
  }
}

/** Strips leading slashes and `./`, rejects `..` so a link cannot point outside the repository. */
export function normalizeRepoPath(p: string, where: string): string {
  const parts = p.split('/').filter((s) => s !== '' && s !== '.')
  if (parts.some((s) => s === '..')) throw new BadLaunchUrlError(where, `path "${p}" leaves the repository`)
  return parts.join('/')
}

// mybinder's urlpath forms that name a file: lab/tree/<f>, tree/<f>, notebooks/<f>, doc/tree/<f>.
const URLPATH_FILE = /^\/?(?:lab\/tree|doc\/tree|tree|notebooks|voila\/render)\/(.+)$/

function fileFromQuery(q: URLSearchParams, where: string): string | undefined {
  const labpath = q.get('labpath') ?? q.get('filepath')
  if (labpath) return normalizeRepoPath(labpath, where) || undefined
  const urlpath = q.get('urlpath')
  const m = urlpath ? URLPATH_FILE.exec(urlpath) : null
  if (m) return normalizeRepoPath(decode(m[1], where), where) || undefined
  return undefined
}

function nameFromUrl(url: string): string {
  const last = url.replace(/\/+$/, '').split('/').pop() ?? 'repo'
  return last.replace(/\.git$/, '').replace(/[^A-Za-z0-9._-]/g, '_') || 'repo'
}

/**
 * Parses a mybinder-style launch path: `/v2/git/<url-escaped clone URL>/<ref>`,
 * `/v2/gh/<owner>/<repo>/<ref>`, or Quire's built-in `/v2/demo/<name>`.
 */
export function parseLaunchUrl(pathname: string, search = ''): LaunchSpec {
  const where = pathname
  if (pathname.length + search.length > MAX_LEN) throw new BadLaunchUrlError(where.slice(0, 80), 'the link is too long')
  const m = /^\/v2\/([^/]+)\/(.*)$/.exec(pathname)
  if (!m) throw new BadLaunchUrlError(where, 'a launch link starts with /v2/<provider>/')
  const [, provider, rest] = m
  const segs = rest.split('/').filter((s) => s !== '')
  const q = new URLSearchParams(search)
  const labpath = fileFromQuery(q, where)

  switch (provider) {
    case 'git': {
      if (segs.length < 1) throw new BadLaunchUrlError(where, 'missing the repository URL after /v2/git/')
      const repoUrl = decode(segs[0], where)
      let parsed: URL
      try {
        parsed = new URL(repoUrl)
      } catch {
        throw new BadLaunchUrlError(where, `"${repoUrl}" is not a URL; escape it with encodeURIComponent`)
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        throw new BadLaunchUrlError(where, `only http(s) git URLs can be cloned in a browser, not ${parsed.protocol}`)
      const ref = segs.length > 1 ? decode(segs.slice(1).join('/'), where) : 'HEAD'
      return { provider, repoUrl, ref, labpath, key: `git:${repoUrl}@${ref}`, name: nameFromUrl(repoUrl) }
    }
    case 'gh': {
      if (segs.length < 2) throw new BadLaunchUrlError(where, 'expected /v2/gh/<owner>/<repo>/<ref>')
      const [owner, repo] = segs.map((s) => decode(s, where))
      const valid = /^[A-Za-z0-9._-]+$/
      if (!valid.test(owner) || !valid.test(repo)) throw new BadLaunchUrlError(where, 'owner and repo may hold only letters, digits, ".", "_" and "-"')
      const ref = segs.length > 2 ? decode(segs.slice(2).join('/'), where) : 'HEAD'
      const repoUrl = `https://github.com/${owner}/${repo.replace(/\.git$/, '')}.git`
      return { provider, repoUrl, ref, labpath, key: `gh:${owner}/${repo}@${ref}`, name: nameFromUrl(repo) }
    }
    case 'demo': {
      const name = segs[0] ?? ''
      if (!/^[a-z0-9-]+$/.test(name)) throw new BadLaunchUrlError(where, 'expected /v2/demo/<name>')
      return { provider, repoUrl: name, ref: 'HEAD', labpath, key: `demo:${name}`, name }
    }
    default:
      throw new UnsupportedProviderError(provider)
  }
}

/** The link that opens this spec, for the address bar and "copy link". */
export function launchPath(spec: Pick<LaunchSpec, 'provider' | 'repoUrl' | 'ref' | 'labpath'>): string {
  const q = spec.labpath ? `?labpath=${encodeURIComponent(spec.labpath)}` : ''
  switch (spec.provider) {
    case 'git':
      return `/v2/git/${encodeURIComponent(spec.repoUrl)}/${encodeURIComponent(spec.ref)}${q}`
    case 'gh': {
      const m = /github\.com\/([^/]+)\/([^/]+?)\.git$/.exec(spec.repoUrl)
      return `/v2/gh/${m?.[1]}/${m?.[2]}/${spec.ref}${q}`
    }
    case 'demo':
      return `/v2/demo/${spec.repoUrl}${q}`
  }
}
