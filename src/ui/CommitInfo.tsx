import { useState } from 'preact/hooks'
import { permalinkPath, type LaunchSpec } from '../launch'
import { appPath } from '../shared/base'
import { commitLabel, isBranchSnapshot } from '../repo/branchSnapshot'
import { routeName } from '../repo/routes'
import { useRepoRecord } from './useRepoRecord'

/** "40 s", "12 min", "3 h": how old a reused lookup is. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.round(s / 60)} min`
  return `${Math.round(s / 360) / 10} h`
}

/**
 * Header part for a launched commit: its SHA, the link pinned to it, and offline/LFS/link notices. `checked`: the
 * background upstream check's result; when it arrives the record is read again (it may now be stale). `corsProxy`:
 * the configured proxy, a route that keeps symbolic links, named when another route could not.
 */
export function CommitInfo({
  spec,
  sha,
  checked,
  corsProxy = '',
}: {
  spec: LaunchSpec
  sha: string
  checked?: unknown
  corsProxy?: string
}) {
  const rec = useRepoRecord(spec.key, sha, checked)
  const [isCopied, setCopied] = useState(false)
  const short = commitLabel(sha)
  // The demo's "sha" is a content hash of files the site ships, a branch copy's the hash of jsDelivr's listing:
  // there is no commit to pin.
  const isCopy = isBranchSnapshot(sha)
  const permalink = spec.provider === 'demo' || isCopy ? undefined : location.origin + appPath(permalinkPath(spec, sha))
  const copy = () => {
    if (!permalink) return
    navigator.clipboard.writeText(permalink).then(
      () => setCopied(true),
      () => setCopied(false),
    )
  }
  return (
    <>
      <code class="q-sha" title={isCopy ? `jsDelivr named no commit; this copy's id is ${sha}` : `commit ${sha}`}>
        {short}
      </code>
      {permalink && (
        <span class="q-permalink">
          <a href={permalink} title="This link always opens this exact commit">
            permanent link
          </a>
          <button type="button" class="q-permalink-copy" onClick={copy} aria-label="Copy the permanent link">
            {isCopied ? 'copied' : 'copy'}
          </button>
        </span>
      )}
      {rec?.route && rec.route !== 'git' && (
        <span class="q-route" title="Where this commit's files were downloaded from">
          via {routeName(rec.route)}
        </span>
      )}
      {rec?.isRefPastTtl && rec.refAskedAt !== undefined && (
        <span
          class="q-ref-age"
          role="status"
          title={`GitHub refused a new lookup (its limit for this network is reached), so Quire used where ${spec.ref} pointed when it last asked, at ${new Date(rec.refAskedAt).toLocaleString()}`}
        >
          {spec.ref} as of {formatAge(Date.now() - rec.refAskedAt)} ago — it may have moved since
        </span>
      )}
      {rec?.refLagSeconds !== undefined && isCopy && (
        <span
          class="q-ref-age"
          role="status"
          title={`GitHub refused the lookup (its limit for this network is reached), and jsDelivr's CDN names ${spec.ref} but not its commit, so Quire opened the files jsDelivr has for ${spec.ref}${rec.refFilesAt === undefined ? '' : `, of a commit made ${new Date(rec.refFilesAt).toLocaleString()}`}. jsDelivr caches a branch for up to ${formatAge(rec.refLagSeconds * 1000)}, so newer commits may be missing; reload later to check.`}
        >
          {spec.ref} as jsDelivr’s cache has it — commit unknown
          {rec.refFilesAt === undefined ? '' : `, made ${formatAge(Date.now() - rec.refFilesAt)} ago`}; up to{' '}
          {formatAge(rec.refLagSeconds * 1000)} behind GitHub
        </span>
      )}
      {rec?.refLagSeconds !== undefined && !isCopy && (
        <span
          class="q-ref-age"
          role="status"
          title={`GitHub refused the lookup (its limit for this network is reached), so Quire opened the commit jsDelivr's CDN has for ${spec.ref}. jsDelivr caches a branch for up to ${formatAge(rec.refLagSeconds * 1000)}, so newer commits may be missing; reload later to check.`}
        >
          {spec.ref} as jsDelivr’s cache has it — up to {formatAge(rec.refLagSeconds * 1000)} behind GitHub
        </span>
      )}
      {rec?.isStale && (
        <span class="q-offline" role="status">
          offline — showing {isCopy ? short : `commit ${short}`} from {new Date(rec.fetchedAt).toLocaleString()}
        </span>
      )}
      {rec?.lfsPointers && rec.lfsPointers.length > 0 && (
        <span class="q-lfs" role="status" title={rec.lfsPointers.join('\n')}>
          {rec.lfsPointers.length} Git LFS {rec.lfsPointers.length === 1 ? 'file' : 'files'} not downloaded
        </span>
      )}
      {rec?.brokenLinks && rec.brokenLinks.length > 0 && (
        <span class="q-links" role="status" title={rec.brokenLinks.join('\n')}>
          {rec.brokenLinks.length} {rec.brokenLinks.length === 1 ? 'link points' : 'links point'} outside the repository
        </span>
      )}
      {rec?.linksAsFiles && rec.linksAsFiles.length > 0 && (
        <span class="q-links" role="status" title={linksAsFilesTitle(rec.linksAsFiles, rec.route, corsProxy)}>
          {rec.linksAsFiles.length} {rec.linksAsFiles.length === 1 ? 'link' : 'links'} came as files —{' '}
          {routeName(rec.route ?? '')} keeps no links
        </span>
      )}
      {rec?.missingSubmodules && rec.missingSubmodules.length > 0 && (
        <span class="q-submodules" role="status" title={rec.missingSubmodules.join('\n')}>
          submodule {rec.missingSubmodules.join(', ')} not fetched
        </span>
      )}
    </>
  )
}

/** Why some links are files, which ones, and the route that would keep them. */
function linksAsFilesTitle(links: string[], route: string | undefined, corsProxy: string): string {
  const why =
    `${routeName(route ?? '')} copies GitHub's archive, where a symbolic link is a small file holding its target's ` +
    'path, so these files hold a path where git has a link (Python reads the path, not the file it names):'
  const fix = corsProxy
    ? `The configured CORS proxy (${corsProxy}) clones with git, which keeps links, but it failed when this copy was ` +
      'fetched: remove the copy on the Storage page and launch again to fetch it through the proxy.'
    : 'Git keeps links: a CORS proxy of your own (corsProxy in Quire’s configuration; npx quire proxy runs one) ' +
      'clones with git.'
  return [why, ...links, fix].join('\n')
}
