import type { LaunchSpec } from '../launch'
import { ErrorScreen } from './ErrorScreen'
import { useHubBuild } from './useHubBuild'

/** The hub's build shown in Quire, BinderHub-style: current phase, then the log, then the server. */
export function HubLaunch({ spec, hubUrl }: { spec: LaunchSpec; hubUrl: string }) {
  const state = useHubBuild(spec, hubUrl)
  const log = state.events.map((e) => e.message).join('')
  const phase = state.events[state.events.length - 1]?.phase ?? 'connecting'
  return (
    <section class="q-hub" aria-live="polite" data-hub-state={state.kind}>
      {state.kind === 'failed' ? (
        <ErrorScreen error={state.error} phase="building on the BinderHub">
          <p>
            <a href={state.launchUrl}>Open the hub’s own launch page</a>
          </p>
        </ErrorScreen>
      ) : (
        <h2>
          {state.kind === 'redirecting' ? (
            state.reason === 'ready' ? (
              'The server is ready: opening it…'
            ) : (
              'Opening the hub’s launch page…'
            )
          ) : (
            <>
              Building on {new URL(hubUrl).host}: <span class="q-hub-phase">{phase}</span>
            </>
          )}
        </h2>
      )}
      <details open class="q-log">
        <summary>
          Build log{' '}
          <button type="button" onClick={() => void navigator.clipboard.writeText(log)}>
            Copy
          </button>
        </summary>
        <pre class="q-log-text">{log || 'Waiting for the hub…'}</pre>
      </details>
    </section>
  )
}
