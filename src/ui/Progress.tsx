import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import type { EnvReport } from '../prepare/envReport'
import type { LaunchPhase } from '../prepare/types'
import { EnvReportView } from './EnvReportView'
import { LaunchLog } from './LaunchLog'
import type { PhaseLine } from './useLaunch'
import { fileLine, phaseHosts, waitingFor } from './waitingFor'
import { formatBytes } from '../shared/bytes'

const LABELS: Record<LaunchPhase, string> = {
  fetching: 'Fetching the repository',
  'reading-config': 'Reading its environment files',
  resolving: 'Resolving packages',
  downloading: 'Downloading packages',
  ready: 'Ready',
}

/**
 * BinderHub-style phase list: each phase with its detail, byte counts and elapsed time; a quiet
 * phase says what it waits for. The compatibility report shows as soon as resolving ends.
 */
export function Progress({
  phases,
  now,
  log,
  report,
  spec,
  config,
}: {
  phases: PhaseLine[]
  now: number
  log: string[]
  report?: EnvReport
  spec: LaunchSpec
  config: QuireConfig
}) {
  // A Zenodo record is fetched from Zenodo's API, not from the doi.org address it is shown by.
  const from = spec.provider === 'demo' ? '' : spec.provider === 'zenodo' ? config.zenodoApiUrl : spec.repoUrl
  const hosts = phaseHosts(from, config.pypiUrl)
  return (
    <section class="q-progress" aria-live="polite">
      <h2>Preparing your notebook…</h2>
      <ol>
        {phases.map((p, i) => {
          const isCurrent = i === phases.length - 1
          const end = phases[i + 1]?.startedAt ?? now
          const { loaded, total, detail, bytes, file } = p.last
          const wait = isCurrent
            ? waitingFor({
                phase: p.phase,
                host: hosts[p.phase],
                last: p.last,
                startedAt: p.startedAt,
                movedAt: p.movedAt,
                now,
              })
            : undefined
          return (
            <li key={p.phase} class={isCurrent ? 'q-phase q-phase-current' : 'q-phase'} data-phase={p.phase}>
              <span class="q-phase-name">{LABELS[p.phase]}</span>
              <span>
                {detail && <span class="q-phase-detail"> — {isCurrent && file ? fileLine(file) : detail}</span>}
                {total ? (
                  <span class="q-phase-count">
                    {' '}
                    {loaded ?? 0} of {total}
                  </span>
                ) : null}
                {bytes ? <span class="q-phase-bytes"> · {formatBytes(bytes)}</span> : null}
              </span>
              <span class="q-phase-time">{((end - p.startedAt) / 1000).toFixed(1)} s</span>
              {wait && (
                <span class="q-phase-wait" role="status">
                  {wait}
                </span>
              )}
              {total ? <progress max={total} value={loaded ?? 0} /> : null}
            </li>
          )
        })}
      </ol>
      {report && <EnvReportView report={report} spec={spec} config={config} isOpen />}
      <LaunchLog lines={log} />
    </section>
  )
}
