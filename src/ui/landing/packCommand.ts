import { cloneUrlFor } from '../../launch'
import { defaultConfig } from '../../config'
import type { RepoInput } from './repoInput'

/**
 * The `quire pack` command for the repository typed (issue 22): a teacher runs it once and deploys
 * the folder beside this site, so the class's launches reach only the site. The site's own
 * `<origin>/pack/` is where the command assumes the folder goes.
 */
export function packCommand(input: RepoInput, ref: string, siteRoot: string): string | null {
  const spec = input.kind === 'binder-link' ? input.spec : input.kind === 'repo' ? input : null
  if (!spec || spec.provider === 'demo') return null
  const url = cloneUrlFor(spec, defaultConfig(siteRoot))
  const pinned = ref.trim() || (input.kind === 'binder-link' ? input.spec.ref : input.kind === 'repo' ? input.ref : '')
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)
  return [
    'npx quire pack',
    quote(url),
    ...(pinned && pinned !== 'HEAD' ? ['--ref', quote(pinned)] : []),
    '--out pack --url',
    quote(`${siteRoot}/pack/`),
  ].join(' ')
}
