import { useState } from 'preact/hooks'
import type { Verdict } from '../environment'
import { ReasonList } from './ReasonList'

/** browser-with-warnings: the notebook opens, and this says what differs from the author's setup. */
export function WarningsNotice({ verdict }: { verdict: Verdict }) {
  const [isOpen, setOpen] = useState(true)
  const warnings = verdict.reasons.filter((r) => r.level === 'warning')
  if (!isOpen || warnings.length === 0) return null
  return (
    <div class="q-warnings" role="status" aria-label="Environment warnings">
      <div class="q-warnings-head">
        <strong>
          Runs in the browser, with {warnings.length === 1 ? 'one difference' : `${warnings.length} differences`} from
          the author’s environment
        </strong>
        <button type="button" class="q-warnings-close" aria-label="Dismiss" onClick={() => setOpen(false)}>
          ×
        </button>
      </div>
      <ReasonList reasons={warnings} />
    </div>
  )
}
