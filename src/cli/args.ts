// `quire check <folder | git URL> [options]`, parsed by hand: four options do not need a library.
import { WEBR_REPO_URL } from '../resolve-r'

export interface CheckArgs {
  target: string
  isJson: boolean
  isStrict: boolean
  indexUrl: string
  webrRepoUrl: string  // webR's package repository, for R packages
  lock?: string        // path or URL of a pyodide-lock.json; default: the installed pyodide package's
  ref?: string         // branch or tag, for a git URL
}

export const USAGE = `Usage: quire check <folder | git URL> [options]

Reads a repository's Binder configuration and says whether Quire can run it in the browser.

Options:
  --json               print the result as JSON
  --strict             a pin Pyodide cannot meet exactly makes the verdict "hub"
  --index-url <url>    the index to resolve against: a PyPI JSON API (default https://pypi.org) or, ending in /simple, a PEP 691 simple index
  --webr-repo-url <url>  webR package repository for R packages (default https://repo.r-wasm.org)
  --lock <path|url>    pyodide-lock.json to resolve against (default: the one Quire ships)
  --ref <branch|tag>   for a git URL: what to check out (default: the default branch)

Exit status: 0 browser (with or without warnings), 1 needs a hub, 2 error.`

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CheckArgs {
  const [command, ...rest] = argv
  if (command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'no command')
  const out: Partial<CheckArgs> & { isJson: boolean; isStrict: boolean; indexUrl: string; webrRepoUrl: string } = { isJson: false, isStrict: false, indexUrl: 'https://pypi.org', webrRepoUrl: WEBR_REPO_URL }
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
