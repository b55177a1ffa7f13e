import type { PreparedLaunch } from '../../prepare/types'
import type { UpstreamCheck } from '../../repo'
import { commitLabel } from '../../repo/branchSnapshot'
import { errorText } from '../errorText'
import { useUpstream } from './useUpstream'

/**
 * "This repository has changed (N files)": keep working on the stored commit, or update. It
 * appears once the background check (`check`) found the ref moved, floating over the open
 * notebook so nothing under the user's cursor moves. Any other outcome shows nothing; a hidden
 * marker says the check ended, so tests can tell "no prompt" from "no prompt yet".
 */
export function UpstreamPrompt({
  prepared,
  check,
  onUpdated,
}: {
  prepared: PreparedLaunch
  check?: UpstreamCheck
  onUpdated: () => void
}) {
  const { state, keep, update } = useUpstream(prepared, check?.kind === 'moved' ? check.change : undefined, onUpdated)
  if (!check) return null
  if (check.kind !== 'moved' || state?.kind === 'kept')
    return <span class="q-upstream-checked" data-check={state?.kind ?? check.kind} hidden />
  if (!state) return null
  if (state.kind === 'failed')
    return (
      <div class="q-notice q-upstream" role="alert">
        <strong>{errorText(state.error.code).title}</strong> {state.error.message}
      </div>
    )
  if (state.kind === 'working')
    return (
      <div class="q-notice q-upstream" role="status">
        Updating…
      </div>
    )
  const n = state.change.changed.length
  return (
    <div class="q-notice q-upstream" role="alert">
      <p class="q-upstream-title">
        <strong>
          This repository has changed ({n} {n === 1 ? 'file' : 'files'}).
        </strong>{' '}
        {prepared.spec.ref} now points to <code>{state.change.sha.slice(0, 7)}</code>; you are working on{' '}
        <code>{commitLabel(prepared.sha)}</code>.
      </p>
      {state.editedChanged.length > 0 ? (
        <ul class="q-upstream-edits">
          {state.editedChanged.map((e) => (
            <li key={e.path}>
              Your edits to <code>{e.path}</code> stay; the new version is saved beside it as <code>{e.copy}</code>.
            </li>
          ))}
        </ul>
      ) : (
        <p class="q-upstream-note">
          Updating replaces the files with the new versions; you have not edited any of them.
        </p>
      )}
      <p class="q-upstream-actions">
        <button type="button" onClick={() => void keep()}>
          Keep working on {commitLabel(prepared.sha)}
        </button>{' '}
        <button type="button" class="q-button" onClick={() => void update()}>
          Update
        </button>
      </p>
    </div>
  )
}
