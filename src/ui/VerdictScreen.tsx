import { useState } from 'preact/hooks'
import type { QuireConfig } from '../config'
import { hubLaunchUrl } from '../hub'
import type { LaunchSpec } from '../launch'
import { appPath } from '../shared/base'
import type { Verdict } from '../environment'
import { HubLaunch } from './HubLaunch'
import { HubPicker } from './HubPicker'
import { ReasonList } from './ReasonList'
import { useHub } from './useHub'

const ENV_LEDE =
  'Its environment asks for things a browser tab cannot provide, so Quire does not start it here. A BinderHub builds the same repository on a server.'

/** A hub verdict: why this repository cannot run in the browser, and where it can. */
export function VerdictScreen({
  spec,
  verdict,
  config,
  title = 'This repository needs a server',
  lede = ENV_LEDE,
}: {
  spec: LaunchSpec
  verdict: Verdict
  config: QuireConfig
  title?: string
  lede?: string
}) {
  const [isLaunching, setLaunching] = useState(false)
  const hubState = useHub(config)
  const hub = hubLaunchUrl(hubState.hub.url, spec)
  if (isLaunching) return <HubLaunch spec={spec} hubUrl={hubState.hub.url} />
  const needs = verdict.reasons.filter((r) => r.level === 'hub')
  const rest = verdict.reasons.filter((r) => r.level !== 'hub')
  return (
    <section class="q-verdict" data-verdict={verdict.kind} aria-labelledby="q-verdict-title">
      <h2 id="q-verdict-title">{title}</h2>
      <p class="q-verdict-lede">{lede}</p>
      <ReasonList reasons={needs} />
      {hub && (
        <p>
          {/* A real link (new tab, no script) that Quire follows in-page: the hub's build log shows here. */}
          <a
            class="q-button"
            href={hub}
            rel="noopener"
            onClick={(e) => {
              if (e.button === 0 && !e.ctrlKey && !e.metaKey) {
                e.preventDefault()
                setLaunching(true)
              }
            }}
          >
            Launch on Binder
          </a>{' '}
          <HubPicker {...hubState} />
        </p>
      )}
      {rest.length > 0 && (
        <details>
          <summary>Other notes ({rest.length})</summary>
          <ReasonList reasons={rest} />
        </details>
      )}
      <p class="q-error-links">
        <a href={appPath('/')}>Quire home</a>
      </p>
    </section>
  )
}
