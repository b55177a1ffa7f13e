// `quire pack <repository link>… --out <folder> --url <where it will be served>` and
// `quire pack --check --out <folder>`, parsed by hand like `quire check`.
import { WEBR_REPO_URL } from '../resolve-r'
import { UsageError } from './args'

export interface PackArgs {
  repos: string[]
  out: string
  /** The URL the folder will be served at (beside the site), ending in '/': config.json names files under it. */
  url: string
  isCheck: boolean
  ref?: string
  /** pyodide-lock.json to resolve against and to ship (path or URL); default: the installed pyodide's. */
  lock?: string
  /** Where Pyodide's packages are downloaded from (default: Pyodide's CDN for this version). */
  packageBaseUrl?: string
  indexUrl: string
  /** webR's package repository the R packages are resolved against and downloaded from. */
  webrRepoUrl: string
  /** The forges' web hosts, so a link on them is recorded as the `/v2/gh/…` or `/v2/gl/…` link students open. */
  githubUrl: string
  gitlabUrl: string
}

export const PACK_USAGE = `Usage: quire pack <repository link>… --out <folder> --url <URL the folder is served at> [options]
       quire pack --check --out <folder>

Writes everything the repositories need into <folder>, to deploy beside the site (for a class on a
network that blocks outside hosts): each commit's files, Pyodide's core, the Pyodide packages and
index wheels their locks name, the webR packages of R repositories, and a config.json pointing Quire
at the pack (copy it next to the site's index.html). The repositories open at their usual links
(/v2/gh/<owner>/<repo>/<ref>…): the pack is asked first. pack.json records each repository's link,
commit and lock; --check says whether upstream has moved.

Options:
  --ref <branch|tag>              what to check out (default: each repository's default branch)
  --lock <path|url>               pyodide-lock.json to resolve against and ship (default: the one Quire ships)
  --pyodide-package-base-url <url>  where Pyodide's packages are downloaded from (default: Pyodide's CDN)
  --index-url <url>               package index for the resolve (default https://pypi.org/simple)
  --webr-repo-url <url>           webR package repository for R packages (default https://repo.r-wasm.org)
  --github-url <url>              GitHub's web host, for links recorded as /v2/gh/… (default https://github.com)
  --gitlab-url <url>              GitLab's web host, for links recorded as /v2/gl/… (default https://gitlab.com)

Exit status: 0 done (or, with --check, nothing moved), 1 upstream moved, 2 error.`

export function parsePackArgs(argv: string[]): PackArgs {
  const out: Partial<PackArgs> &
    Pick<PackArgs, 'repos' | 'isCheck' | 'indexUrl' | 'webrRepoUrl' | 'githubUrl' | 'gitlabUrl'> = {
    repos: [],
    isCheck: false,
    indexUrl: 'https://pypi.org/simple',
    webrRepoUrl: WEBR_REPO_URL,
    githubUrl: 'https://github.com',
    gitlabUrl: 'https://gitlab.com',
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`)
      return v
    }
    if (a === '--check') out.isCheck = true
    else if (a === '--out') out.out = value()
    else if (a === '--url') out.url = value()
    else if (a === '--ref') out.ref = value()
    else if (a === '--lock') out.lock = value()
    else if (a === '--pyodide-package-base-url') out.packageBaseUrl = value()
    else if (a === '--index-url') out.indexUrl = value().replace(/\/+$/, '')
    else if (a === '--webr-repo-url') out.webrRepoUrl = value().replace(/\/+$/, '')
    else if (a === '--github-url') out.githubUrl = value().replace(/\/+$/, '')
    else if (a === '--gitlab-url') out.gitlabUrl = value().replace(/\/+$/, '')
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`)
    else out.repos.push(a)
  }
  if (!out.out) throw new UsageError('--out <folder> is required')
  if (out.isCheck) return { ...out, out: out.out, url: out.url ?? '' }
  if (out.repos.length === 0) throw new UsageError('name at least one repository')
  if (!out.url || !/^https?:\/\//.test(out.url))
    throw new UsageError('--url <http(s) URL the folder is served at> is required')
  return { ...out, out: out.out, url: out.url.endsWith('/') ? out.url : `${out.url}/` }
}

/** The folder a repository's files go to in the pack (`repos/<name>/`: lower-case letters, digits, dashes). */
export function packName(link: string, taken: Set<string>): string {
  const base =
    link
      .replace(/\.git\/?$/, '')
      .replace(/\/+$/, '')
      .split(/[/:]/)
      .pop()
      ?.toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'repo'
  let name = base
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`
  taken.add(name)
  return name
}

/**
 * The site's config.json for a pack served at `url`: the repositories (asked first for any link,
 * src/repo/packSource.ts), Pyodide and its packages, the package index and webR's repository.
 */
export function packConfig(url: string): Record<string, string> {
  return {
    packUrl: url,
    pyodideIndexUrl: `${url}pyodide/`,
    pyodidePackageBaseUrl: `${url}pyodide/`,
    pypiUrl: `${url}pypi/simple`,
    webrRepoUrl: `${url}webr-repo`,
  }
}
