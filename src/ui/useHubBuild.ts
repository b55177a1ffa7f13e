import { useEffect, useState } from 'preact/hooks'
import { followBuild, hubBuildUrl, hubLaunchUrl, hubServerUrl, type HubEvent } from '../hub'
import type { LaunchSpec } from '../launch'
import { AppError, serializeError, type SerializedError } from '../shared/errors'

export type HubBuildState =
  | { kind: 'building'; events: HubEvent[] }
  | { kind: 'redirecting'; events: HubEvent[]; to: string; reason: 'ready' | 'fallback' }
  | { kind: 'failed'; events: HubEvent[]; error: SerializedError; launchUrl: string }

/**
 * Follows the hub's build of `spec` and then leaves for the hub's server. When the stream cannot
 * be opened at all (CORS, network), falls back to the hub's own launch page, which builds it too.
 */
export function useHubBuild(
  spec: LaunchSpec,
  hub: string,
  go: (url: string) => void = (u) => location.assign(u),
): HubBuildState {
  const launchUrl = hubLaunchUrl(hub, spec) ?? hub
  const [state, setState] = useState<HubBuildState>({ kind: 'building', events: [] })
  useEffect(() => {
    const ctl = new AbortController()
    const events: HubEvent[] = []
    const buildUrl = hubBuildUrl(hub, spec)
    if (!buildUrl) return
    followBuild(buildUrl, {
      fetch: fetch.bind(globalThis),
      signal: ctl.signal,
      onEvent: (e) => {
        events.push(e)
        setState({ kind: 'building', events: [...events] })
      },
    }).then(
      (ready) => {
        const to = hubServerUrl(ready.url ?? launchUrl, ready.token, spec.labpath, spec.serverApp?.urlpath)
        setState({ kind: 'redirecting', events: [...events], to, reason: 'ready' })
        go(to)
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return
        const err = e instanceof AppError ? e : new AppError('INTERNAL', String(e))
        if (err.code === 'HUB_UNREACHABLE' && events.length === 0) {
          setState({ kind: 'redirecting', events, to: launchUrl, reason: 'fallback' })
          go(launchUrl)
        } else setState({ kind: 'failed', events: [...events], error: serializeError(err), launchUrl })
      },
    )
    return () => ctl.abort()
  }, [spec.key, hub])
  return state
}
