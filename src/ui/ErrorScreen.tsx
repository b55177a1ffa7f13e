import type { ComponentChildren } from 'preact'
import type { SerializedError } from '../shared/errors'
import { appPath } from '../shared/base'
import { errorText } from './errorText'
import { evictedWords } from './evictedName'
import { FailureActions, type FailedLaunch } from './FailureActions'
import { HostAdvice } from './HostAdvice'

/**
 * A failure in words: what happened, what to try, the coded details for a bug report, and the next
 * steps — retry, and for a launch, the same repository on Binder and a report to its author.
 */
export function ErrorScreen({
  error,
  phase,
  launch,
  children,
}: {
  error: SerializedError
  phase?: string
  launch?: FailedLaunch
  children?: ComponentChildren
}) {
  const text = errorText(error.code)
  return (
    <section class="q-error" role="alert" data-error-code={error.code}>
      <h2>{text.title}</h2>
      <p class="q-error-action">{text.action}</p>
      <HostAdvice code={error.code} data={error.data} />
      {error.code === 'STORAGE_FULL' && <Evicted data={error.data} />}
      {launch && <FailureActions error={error} phase={phase} launch={launch} />}
      {children}
      <details>
        <summary>Details</summary>
        <dl>
          <dt>Code</dt>
          <dd>
            <code class="q-error-code">{error.code}</code>
          </dd>
          {phase && (
            <>
              <dt>While</dt>
              <dd>{phase}</dd>
            </>
          )}
          <dt>Message</dt>
          <dd>
            <code>{error.message}</code>
          </dd>
        </dl>
      </details>
      <p class="q-error-links">
        <button type="button" onClick={() => location.reload()}>
          Retry
        </button>{' '}
        <a href={appPath('/')}>Quire home</a> <a href={appPath('/check')}>Network check</a>
      </p>
    </section>
  )
}

/** What a STORAGE_FULL launch removed before giving up, by name (src/ui/evictedName.ts): the user may want it back. */
function Evicted({ data }: { data: SerializedError['data'] }) {
  const words = evictedWords(data)
  return words === undefined ? null : <p class="q-error-evicted">{words}</p>
}
