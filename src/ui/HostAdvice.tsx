import { appPath } from '../shared/base'
import { hostProblemFor } from '../shared/hostError'

/**
 * For an error that names an outside server (HOST_UNREACHABLE, INDEX_UNREACHABLE): which host, what Quire wanted from
 * it, and the two fixes — allow the host, or point the setting that names it at a mirror.
 */
export function HostAdvice({ code, data }: { code: string; data: Record<string, unknown> }) {
  const problem = hostProblemFor(code, data)
  if (!problem) return null
  return (
    <dl class="q-host-advice">
      <dt>Server</dt>
      <dd>
        <code class="q-host-name">{problem.host}</code>
        {problem.status === undefined ? ' did not answer' : ` answered HTTP ${problem.status}`}
      </dd>
      <dt>Quire wanted</dt>
      <dd>{problem.wanted}</dd>
      <dt>Fix</dt>
      <dd>
        Allow <code>{problem.host}</code> on this network, or set <code class="q-host-key">{problem.configKey}</code> in
        the site’s <code>config.json</code> to a mirror or a class pack that serves it.{' '}
        <a href={appPath('/check')}>Check this network</a>
      </dd>
    </dl>
  )
}
