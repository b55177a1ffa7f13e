// `quire check <folder | git URL> [options]`, parsed by hand: a few options do not need a library.
import { WEBR_REPO_URL } from '../resolve-r'

export interface CheckArgs {
  target: string
  isJson: boolean
  isStrict: boolean
  indexUrl: string
  /** `--extra-index-url`, repeatable: asked after the index, before a requirements file's extras. */
  extraIndexUrls: string[]
  webrRepoUrl: string // webR's package repository, for R packages
  lock?: string // path or URL of a pyodide-lock.json; default: the installed pyodide package's
  ref?: string // branch or tag, for a git URL
}

export const USAGE = `Usage: quire check <folder | git URL> [options]

Reads a repository's Binder configuration and says whether Quire can run it in the browser.

Options:
  --json               print the result as JSON
  --strict             a pin Pyodide cannot meet exactly makes the verdict "hub"
  --index-url <url>    the index to resolve against: a PEP 691 simple index (default https://pypi.org/simple)
                       or, not ending in /simple, a PyPI JSON API
  --extra-index-url <url>  another index to look packages up in, after --index-url (repeatable; same URL rule).
                       A requirements file's --index-url replaces --index-url; its --extra-index-url lines are asked after these.
                       For a version several indexes offer, the first index that has it is used.
  --webr-repo-url <url>  webR package repository for R packages (default https://repo.r-wasm.org)
  --lock <path|url>    pyodide-lock.json to resolve against (default: the one Quire ships)
  --ref <branch|tag>   for a git URL: what to check out (default: the default branch)
  --help, -h           print this help

Exit status: 0 browser (with or without warnings), 1 needs a hub, 2 error.`

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CheckArgs {
  const [command, ...rest] = argv
  if (command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'no command')
  const out: Partial<CheckArgs> & {
    isJson: boolean
    isStrict: boolean
    indexUrl: string
    extraIndexUrls: string[]
    webrRepoUrl: string
  } = {
    isJson: false,
    isStrict: false,
    indexUrl: 'https://pypi.org/simple',
    extraIndexUrls: [],
    webrRepoUrl: WEBR_REPO_URL,
  }
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    const value = () => {
      const v = rest[++i]
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`)
      return v
    }
    if (a === '--json') out.isJson = true
    else if (a === '--strict') out.isStrict = true
    else if (a === '--index-url') out.indexUrl = value().replace(/\/+$/, '')
    else if (a === '--extra-index-url') out.extraIndexUrls.push(value().replace(/\/+$/, ''))
    else if (a === '--webr-repo-url') out.webrRepoUrl = value().replace(/\/+$/, '')
    else if (a === '--lock') out.lock = value()
    else if (a === '--ref') out.ref = value()
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`)
    else if (out.target === undefined) out.target = a
    else throw new UsageError(`unexpected argument "${a}"`)
  }
  if (out.target === undefined) throw new UsageError('no folder or git URL given')
  return { ...out, target: out.target }
}
