import type { QuireConfig } from '../../config'
import { appPath } from '../../shared/base'
import { useHostChecks, type CheckRow } from './useHostChecks'
import './check.css'

function verdict(row: CheckRow): { state: string; text: string } {
  const r = row.result
  if (!r) return { state: 'running', text: 'checking…' }
  if (r.state === 'ok') return { state: 'ok', text: `answers (HTTP ${r.status ?? '?'}), with CORS` }
  if (r.state === 'no-cors')
    return row.needsCors
      ? { state: 'bad', text: 'answers, but without CORS headers: the browser may not read it' }
      : { state: 'ok', text: 'answers (without CORS headers, which it does not need)' }
  // A cross-origin isolated page (COEP require-corp) cannot see answers without CORS (runProbe).
  if (r.state === 'unknown')
    return row.needsCors
      ? {
          state: 'bad',
          text: `no answer with CORS, which Quire needs (this page is cross-origin isolated, so an answer without CORS cannot be seen): ${r.detail ?? ''}`,
        }
      : {
          state: 'unknown',
          text: 'cannot be told here: this page is cross-origin isolated (COEP require-corp), which hides answers without CORS headers. Serve /check without the isolation headers to check this server.',
        }
  return { state: 'bad', text: `does not answer: ${r.detail ?? ''}` }
}

/** /check: every server the configuration names, tried from this browser on this network. */
export function CheckPage({ config }: { config: QuireConfig | null }) {
  const { rows, run } = useHostChecks(config)
  const done = rows.filter((r) => r.result).length
  const bad = rows.filter((r) => r.result && verdict(r).state === 'bad')
  const unknown = rows.filter((r) => r.result && verdict(r).state === 'unknown')
  return (
    <main class="q-main q-check">
      <h1>Network check</h1>
      <p>
        Quire tries, from this browser, each server its configuration names. Run it on the network your class will use
        (the school’s, a day before the lesson): a server that does not answer must be allowed, or its setting pointed
        at a mirror or a class pack (<code>npx quire pack</code>) in the site’s <code>config.json</code>.
      </p>
      <table class="q-check-table">
        <thead>
          <tr>
            <th>Server</th>
            <th>Quire needs it for</th>
            <th>Setting</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const v = verdict(r)
            return (
              <tr key={`${r.configKey} ${r.url}`} class="q-check-row" data-key={r.configKey} data-state={v.state}>
                <td>
                  <code class="q-check-host">{r.host}</code>
                </td>
                <td>{r.wanted}</td>
                <td>
                  <code>{r.configKey}</code>
                </td>
                <td class="q-check-result">{v.text}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p class="q-check-summary" aria-live="polite">
        {done < rows.length
          ? `Checked ${done} of ${rows.length} servers…`
          : bad.length === 0 && unknown.length === 0
            ? `All ${rows.length} servers answer.`
            : bad.length === 0
              ? `None of them fails.`
              : `${bad.length} of ${rows.length} servers do not answer as Quire needs: ${[...new Set(bad.map((r) => r.host))].join(', ')}.`}
        {done === rows.length && unknown.length > 0
          ? ` ${unknown.length} could not be checked from this cross-origin isolated page.`
          : ''}
      </p>
      <p>
        <button type="button" onClick={run} disabled={done < rows.length}>
          Check again
        </button>{' '}
        <a href={appPath('/')}>Quire home</a> <a href={appPath('/storage')}>Storage</a>
      </p>
    </main>
  )
}
