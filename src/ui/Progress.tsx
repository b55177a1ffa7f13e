import type { LaunchPhase } from '../prepare/types'
import { LaunchLog } from './LaunchLog'
import type { PhaseLine } from './useLaunch'

const LABELS: Record<LaunchPhase, string> = {
  fetching: 'Fetching the repository',
  'reading-config': 'Reading its environment files',
  resolving: 'Resolving packages',
  downloading: 'Downloading packages',
  ready: 'Ready',
}

function size(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} kB`
}

/** BinderHub-style phase list: each phase with its detail, byte counts and elapsed time. */
export function Progress({ phases, now, log }: { phases: PhaseLine[]; now: number; log: string[] }) {
  return (
    <section class="q-progress" aria-live="polite">
      <h2>Preparing your notebook…</h2>
      <ol>
        {phases.map((p, i) => {
          const end = phases[i + 1]?.startedAt ?? now
          const { loaded, total, detail, bytes } = p.last
          return (
            <li key={p.phase} class={i === phases.length - 1 ? 'q-phase q-phase-current' : 'q-phase'} data-phase={p.phase}>
              <span class="q-phase-name">{LABELS[p.phase]}</span>
              {detail && <span class="q-phase-detail"> — {detail}</span>}
              {total ? <span class="q-phase-count"> {loaded ?? 0} of {total}</span> : null}
              {bytes ? <span class="q-phase-bytes"> · {size(bytes)}</span> : null}
              <span class="q-phase-time">{((end - p.startedAt) / 1000).toFixed(1)} s</span>
              {total ? <progress max={total} value={loaded ?? 0} /> : null}
            </li>
          )
        })}
      </ol>
      <LaunchLog lines={log} />
    </section>
  )
}
