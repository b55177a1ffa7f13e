// "Report to the repository's author": a prefilled new-issue page on the repository's own host.
// Everything goes into the URL's query as plain text; the host renders it, Quire never does.
import type { LaunchSpec } from '../launch'

export interface IssueReport {
  code: string
  message: string
  /** What Quire was doing, e.g. "resolving". */
  phase?: string
  quireVersion: string
  /** The link that reproduces the failure: the permanent link when the commit is known. */
  link: string
}

type Hosts = { githubUrl: string; gitlabUrl: string }

// Browsers and hosts cut URLs somewhere past 8 kB; a message this long is a log, not a summary.
const MAX_MESSAGE = 1500

function body(r: IssueReport): string {
  const message = r.message.length > MAX_MESSAGE ? `${r.message.slice(0, MAX_MESSAGE)}…` : r.message
  return [
    'Opening this repository in Quire (Binder links in the browser) failed.',
    '',
    `- Link: ${r.link}`,
    `- Error: ${r.code}${r.phase ? ` (while ${r.phase})` : ''}`,
    `- Quire version: ${r.quireVersion}`,
    '',
    'Message:',
    '```',
    message.replace(/```/g, "'''"),
    '```',
  ].join('\n')
}

/**
 * The new-issue URL of the repository's GitHub or GitLab project, or null for providers without
 * an issue tracker (gist, plain git, the demo, data archives).
 */
export function issueUrl(spec: Pick<LaunchSpec, 'provider' | 'repo'>, hosts: Hosts, r: IssueReport): string | null {
  const title = `Launching in the browser fails: ${r.code}`
  switch (spec.provider) {
    case 'gh':
      return `${hosts.githubUrl}/${spec.repo}/issues/new?${new URLSearchParams({ title, body: body(r) })}`
    case 'gl':
      return `${hosts.gitlabUrl}/${spec.repo}/-/issues/new?${new URLSearchParams({ 'issue[title]': title, 'issue[description]': body(r) })}`
    case 'gist':
    case 'git':
    case 'demo':
    case 'zenodo':
    case 'figshare':
    case 'hydroshare':
    case 'dataverse':
    case 'ckan':
      return null
  }
}
