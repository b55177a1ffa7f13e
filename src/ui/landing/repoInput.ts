import { parseLaunchUrl, type LaunchSpec, type Provider } from '../../launch'

/** What the link generator understood from what the user typed or pasted. */
export type RepoInput =
  | { kind: 'repo'; provider: Exclude<Provider, 'demo'>; repo: string; ref?: string; labpath?: string }
  | { kind: 'binder-link'; spec: LaunchSpec }
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string }

const OWNER_REPO = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?$/

/**
 * Reads a repository the way people paste them: `owner/repo`, a GitHub, GitLab or gist page URL
 * (with `/tree/<ref>` or `/blob/<ref>/<path>` kept), any other git URL, or a whole mybinder.org
 * (or Quire) launch link, which converts by keeping its path and query.
 */
export function readRepoInput(text: string): RepoInput {
  const t = text.trim()
  if (!t) return { kind: 'empty' }
  const short = OWNER_REPO.exec(t)
  if (short && !t.includes('://')) return { kind: 'repo', provider: 'gh', repo: `${short[1]}/${short[2]}` }
  let url: URL
  try {
    url = new URL(t)
  } catch {
    return { kind: 'invalid', reason: 'Type owner/repo for GitHub, or paste a repository URL.' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { kind: 'invalid', reason: 'Only http(s) repositories can be opened in a browser.' }
  if (/^\/(v2)\//.test(url.pathname)) {
    try {
      return { kind: 'binder-link', spec: parseLaunchUrl(url.pathname, url.search) }
    } catch (e) {
      return { kind: 'invalid', reason: e instanceof Error ? e.message : String(e) }
    }
  }
  const parts = url.pathname.split('/').filter(Boolean)
  if (url.hostname === 'github.com' && parts.length >= 2) {
    const repo = `${parts[0]}/${parts[1].replace(/\.git$/, '')}`
    const isTree = parts[2] === 'tree' || parts[2] === 'blob'
    const ref = isTree ? parts[3] : undefined
    const labpath = parts[2] === 'blob' && parts.length > 4 ? parts.slice(4).join('/') : undefined
    return { kind: 'repo', provider: 'gh', repo, ref, labpath }
  }
  if (url.hostname === 'gist.github.com' && parts.length >= 2)
    return { kind: 'repo', provider: 'gist', repo: `${parts[0]}/${parts[1]}` }
  if (url.hostname === 'gitlab.com' && parts.length >= 2) {
    const dash = parts.indexOf('-')
    const path = (dash > 0 ? parts.slice(0, dash) : parts).join('/').replace(/\.git$/, '')
    const ref = dash > 0 && parts[dash + 1] === 'tree' ? parts[dash + 2] : undefined
    return { kind: 'repo', provider: 'gl', repo: path, ref }
  }
  return { kind: 'repo', provider: 'git', repo: t }
}

/** Badge snippets for a README, each pointing at `link` with the site's badge image. */
export function badgeSnippets(link: string, origin: string): { markdown: string; rst: string; html: string } {
  const img = `${origin}/badge_logo.svg`
  return {
    markdown: `[![Open in Quire](${img})](${link})`,
    rst: `.. image:: ${img}\n   :target: ${link}\n   :alt: Open in Quire`,
    html: `<a href="${link}"><img src="${img}" alt="Open in Quire"></a>`,
  }
}
