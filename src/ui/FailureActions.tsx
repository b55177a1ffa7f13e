import { QUIRE_VERSION, type QuireConfig } from '../config'
import { hubLaunchUrl, issueUrl } from '../hub'
import { permalinkPath, type LaunchSpec } from '../launch'
import { appPath } from '../shared/base'
import type { SerializedError } from '../shared/errors'
import { HubPicker } from './HubPicker'
import { useHub } from './useHub'

/** The launch a failure belongs to, when there is one (a malformed link has none). */
export interface FailedLaunch {
  spec: LaunchSpec
  config: QuireConfig
  sha?: string
}

/**
 * Next steps after a failure: the same repository on a BinderHub, and a prefilled issue on the
 * repository's tracker (GitHub, GitLab) quoting the code, message, Quire version and the link
 * that reproduces it. Only URLs are built here; nothing from the repository becomes markup.
 */
export function FailureActions({
  error,
  phase,
  launch,
}: {
  error: SerializedError
  phase?: string
  launch: FailedLaunch
}) {
  const hubState = useHub(launch.config)
  const { spec, config, sha } = launch
  const hub = hubLaunchUrl(hubState.hub.url, spec)
  const link = sha && spec.provider !== 'demo' ? location.origin + appPath(permalinkPath(spec, sha)) : location.href
  // A repository that does not exist has no tracker to report to.
  const report =
    error.code === 'REPO_NOT_FOUND'
      ? null
      : issueUrl(spec, config, { code: error.code, message: error.message, phase, quireVersion: QUIRE_VERSION, link })
  if (!hub && !report) return null
  return (
    <p class="q-error-next">
      {hub && (
        <a class="q-button" href={hub} rel="noopener">
          Open on Binder
        </a>
      )}
      {hub && <HubPicker {...hubState} />}
      {report && (
        <a class="q-error-report" href={report} target="_blank" rel="noopener noreferrer">
          Report to the repository’s author
        </a>
      )}
    </p>
  )
}
