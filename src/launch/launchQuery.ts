import { BadLaunchUrlError } from './errors'

export function decodePart(part: string, where: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    throw new BadLaunchUrlError(where, `"${part}" is not valid percent-encoding`)
  }
}

/** Strips leading slashes and `./`, rejects `..` so a link cannot point outside the repository. */
export function normalizeRepoPath(p: string, where: string): string {
  const parts = p.split('/').filter((s) => s !== '' && s !== '.')
  if (parts.some((s) => s === '..')) throw new BadLaunchUrlError(where, `path "${p}" leaves the repository`)
  // A file name is shown and written as text; control characters have no place in one.
  if (/[\x00-\x1f\x7f]/.test(p))
    throw new BadLaunchUrlError(where, `path ${JSON.stringify(p)} holds control characters`)
  return parts.join('/')
}

// mybinder's urlpath forms that name a file or folder: lab/tree/<f>, tree/<f>, notebooks/<f>,
// doc/tree/<f>, voila/render/<f>, voila/tree/<folder>, lab/workspaces/<name>/tree/<f>. A folder
// lists its notebooks (chooseNotebook). Other urlpaths (rstudio, proxy/…) name no file: the user chooses.
const URLPATH_FILE =
  /^\/?(?:lab\/tree|lab\/workspaces\/[^/]+\/tree|doc\/tree|tree|notebooks|edit|voila\/render|voila\/tree)\/(.+)$/

/** The file a link asks to open: `labpath`, legacy `filepath`, or a file-naming `urlpath`. */
export function fileFromQuery(q: URLSearchParams, where: string): string | undefined {
  const labpath = q.get('labpath') ?? q.get('filepath')
  if (labpath) return normalizeRepoPath(labpath, where) || undefined
  const urlpath = q.get('urlpath')
  // urlpath is a path on the Jupyter server; a scheme (javascript:, data:, https:) or `//host` is never one.
  if (urlpath && /^\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|\/\/|\\)/.test(urlpath))
    throw new BadLaunchUrlError(where, `urlpath "${urlpath.slice(0, 80)}" is not a path`)
  const m = urlpath ? URLPATH_FILE.exec(urlpath) : null
  if (m) return normalizeRepoPath(decodePart(m[1].split('?')[0], where), where) || undefined
  return undefined
}

/** The urlpath as a path: decoded once, without leading slashes. */
function urlpathOf(q: URLSearchParams): string | undefined {
  const raw = q.get('urlpath')
  if (!raw) return undefined
  try {
    return decodeURIComponent(raw).replace(/^\/+/, '')
  } catch {
    return raw.replace(/^\/+/, '')
  }
}

/**
 * `voila` when the link opens a Voilà app (`urlpath=voila/render/<notebook>` or `voila/tree[/<folder>]`,
 * as binder-examples/voila's badges do): the notebook's outputs only, every cell run on open. A
 * `labpath` wins, as on mybinder.
 */
export function viewFromQuery(q: URLSearchParams): 'voila' | undefined {
  if (q.get('labpath') ?? q.get('filepath')) return undefined
  const path = urlpathOf(q)
  return path !== undefined && /^voila(?:\/(?:render|tree)(?:\/.*)?)?\/?(?:\?.*)?$/.test(path) ? 'voila' : undefined
}

/** A urlpath that opens a server application rather than a file: only a hub can serve it. */
export interface ServerApp {
  /** As the link gave it (without leading slashes), for the hub link. */
  urlpath: string
  /** Why it needs a server, in the user's words. */
  reason: string
}

// urlpaths that open Jupyter's own file views (nothing to choose) or a file (fileFromQuery).
const URLPATH_JUPYTER = /^(?:lab|tree|notebooks|doc|edit|voila|git-pull)(?:[/?].*)?$/

function serverAppReason(path: string): string {
  const first = path.split(/[/?#]/)[0].toLowerCase()
  switch (first) {
    case 'rstudio':
      return 'RStudio needs a server: the link opens RStudio (urlpath=rstudio), which Binder runs on its server.'
    case 'shiny':
      return 'A Shiny app needs a server: the link opens a Shiny app (urlpath=shiny/…), which runs in an R server process.'
    case 'proxy':
      return `The link opens a web application through the server's proxy (urlpath=${path.slice(0, 60)}), which needs a server to run it.`
    default:
      return `The link opens "${path.slice(0, 60)}" (urlpath), a server application a browser tab cannot run.`
  }
}

/**
 * The server application a link's `urlpath` opens (RStudio, a Shiny app, a proxied web app…), or
 * undefined when it opens a Jupyter view or a file, or when a labpath names the file (mybinder
 * lets labpath win).
 */
export function serverAppFromQuery(q: URLSearchParams): ServerApp | undefined {
  if (q.get('labpath') ?? q.get('filepath')) return undefined
  const raw = q.get('urlpath')
  if (!raw) return undefined
  let path: string
  try {
    path = decodeURIComponent(raw).replace(/^\/+/, '')
  } catch {
    path = raw.replace(/^\/+/, '')
  }
  if (path === '' || URLPATH_JUPYTER.test(path)) return undefined
  return { urlpath: path, reason: serverAppReason(path) }
}

// git check-ref-format's rules that matter for a link: no `..`, no control characters, space,
// `~ ^ : ? * [ \`, no leading `-` (it would read as an option), no `@{`, no trailing `/`, `.` or `.lock`.
const BAD_REF = /\.\.|[\x00-\x20\x7f~^:?*[\\]|^-|@\{|\/$|\.$|\.lock$|\/\//

export function checkRef(ref: string, where: string): string {
  if (ref === '' || BAD_REF.test(ref))
    throw new BadLaunchUrlError(where, `"${ref}" is not a valid branch, tag or commit`)
  return ref
}

/** A full commit SHA names an immutable tree: no lookup is ever needed for it. */
export function isFullSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/.test(ref)
}

/** 7 to 40 hex digits may be an abbreviated commit (when no branch or tag has that name). */
export function mayBeSha(ref: string): boolean {
  return /^[0-9a-f]{7,40}$/.test(ref)
}
