import type { QuireConfig } from '../config'
import { hubLaunchUrl } from '../hub'
import type { LaunchSpec } from '../launch'
import type { EnvReport } from '../prepare/envReport'
import type { LaunchPackage } from '../prepare/types'
import type { EnvRecord } from '../store'
import { HubPicker } from './HubPicker'
import { LockDownload } from './LockDownload'
import { useHub } from './useHub'

const SOURCE: Record<string, string> = {
  pyodide: 'Pyodide',
  index: 'PyPI wheel',
  repo: 'repository wheel',
  webr: 'webR package',
  extra: 'extra-index wheel',
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** Where one package comes from; a wheel from an `--extra-index-url` names that index's host, not PyPI. */
function fromText(p: LaunchPackage): string {
  return p.extraIndex ? `wheel from ${hostOf(p.extraIndex)}` : (SOURCE[p.source] ?? p.source)
}

function headline(r: EnvReport): string {
  const drift = r.packages.filter((p) => p.asked).length
  if (r.verdict.kind === 'hub') return 'Needs a server'
  if (r.verdict.kind === 'browser-with-warnings') {
    const n = r.verdict.reasons.filter((x) => x.level === 'warning').length
    return `Runs in the browser, with ${n === 1 ? 'one difference' : `${n} differences`}${drift ? ` (${drift} package${drift === 1 ? '' : 's'} at another version)` : ''}`
  }
  return 'Runs in the browser'
}

/** "12 packages: 9 from Pyodide, 2 PyPI wheels, 1 repository wheel" */
export function packageSummary(r: EnvReport): string {
  if (r.packages.length === 0) return 'no packages to install'
  const counts = new Map<string, number>()
  for (const p of r.packages) {
    const kind = p.extraIndex ? 'extra' : p.source
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  const parts = [...counts].map(([s, n]) =>
    s === 'pyodide' ? `${n} from Pyodide` : `${n} ${SOURCE[s] ?? s}${n === 1 ? '' : 's'}`,
  )
  return `${r.packages.length} package${r.packages.length === 1 ? '' : 's'}: ${parts.join(', ')}`
}

type Lock = NonNullable<EnvRecord['lock']>

/**
 * The compatibility report: the verdict and, per package, where it comes from, its version and any
 * drift (asked → got). Folded to one line until opened. With drift, the exact environment is one
 * click away on a BinderHub; once the launch is ready, the resolved lock is a download away.
 */
export function EnvReportView({
  report,
  spec,
  config,
  lock,
  isOpen = false,
}: {
  report: EnvReport
  spec: LaunchSpec
  config: QuireConfig
  lock?: Lock
  isOpen?: boolean
}) {
  const hubState = useHub(config)
  const hasDrift = report.packages.some((p) => p.asked) && report.verdict.kind !== 'hub'
  const hub = hasDrift ? hubLaunchUrl(hubState.hub.url, spec) : null
  return (
    <details class="q-env-report" data-verdict={report.verdict.kind} open={isOpen}>
      <summary>
        <strong class="q-env-verdict">{headline(report)}</strong>{' '}
        <span class="q-env-summary">{packageSummary(report)}</span>
      </summary>
      {report.packages.length > 0 && (
        <table class="q-env-packages">
          <thead>
            <tr>
              <th>package</th>
              <th>version</th>
              <th>from</th>
            </tr>
          </thead>
          <tbody>
            {report.packages.map((p) => (
              <tr key={p.name} data-package={p.name} class={p.asked ? 'q-env-drift' : undefined}>
                <td>{p.name}</td>
                <td>
                  {p.asked ? (
                    <>
                      <span class="q-env-asked">{p.asked}</span> → {p.version}
                    </>
                  ) : (
                    p.version
                  )}
                </td>
                <td>{fromText(p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hub && (
        <p class="q-env-exact">
          <a href={hub} rel="noopener" target="_blank">
            Run the exact environment on Binder
          </a>
          <HubPicker {...hubState} />
        </p>
      )}
      {lock && (
        <p class="q-env-lock">
          <LockDownload lock={lock} />
        </p>
      )}
    </details>
  )
}

/** The report kept at hand in the header once the notebook is open: everything about its environment. */
export function EnvironmentButton(props: { report: EnvReport; spec: LaunchSpec; config: QuireConfig; lock?: Lock }) {
  return (
    <details class="q-env-popover">
      <summary>Environment</summary>
      <div class="q-env-popover-body">
        <EnvReportView {...props} isOpen />
      </div>
    </details>
  )
}
