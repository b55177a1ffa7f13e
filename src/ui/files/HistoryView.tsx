import './history.css'
import { formatBytes } from '../../shared/bytes'
import type { HistoryActions, HistoryVersion } from '../../session/historyActions'
import { useHistory } from './useHistory'
import { saveBlob } from './useFiles'

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

function summaryText(v: HistoryVersion): string {
  if (v.isDeletion) return 'deleted'
  if (!v.summary.isComparable) return formatBytes(v.size)
  if (v.summary.added === 0 && v.summary.removed === 0) return 'same lines as now'
  return `+${v.summary.added} −${v.summary.removed} lines against now`
}

/**
 * Earlier versions of the repository's files, kept by each save (src/store/history.ts): pick a
 * file, see its versions with their time and how they differ from the file now, restore one. Files
 * deleted since (alone or with their folder) are listed too, so they can be brought back.
 */
export function HistoryView({ history, onClose }: { history: HistoryActions; onClose: () => void }) {
  const state = useHistory(history)
  return (
    <div class="q-history-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <section class="q-history" role="dialog" aria-modal="true" aria-label="History">
        <header class="q-history-bar">
          <h2>History</h2>
          <span class="q-history-note">
            Every save keeps the version it replaces: 50 per file (older steps of typing merged), for 7 days.
          </span>
          <button
            type="button"
            disabled={!state.files?.length}
            onClick={() => void history.exportZip().then((z) => saveBlob(z.name, z.blob))}
          >
            Download history
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </header>
        {state.error && (
          <p class="q-files-error" role="alert">
            {state.error}
          </p>
        )}
        {state.restored && (
          <p class="q-history-done" role="status">
            Restored {state.restored}.
          </p>
        )}
        {state.files?.length === 0 && <p class="q-history-empty">No earlier versions yet.</p>}
        {!!state.files?.length && (
          <div class="q-history-body">
            <ul class="q-history-files" aria-label="Files with earlier versions">
              {state.folders?.map((d) => (
                <li key={`${d}/`} class="q-history-folder">
                  <span class="q-history-path">{d}/</span>
                  <span class="q-history-gone">deleted</span>
                  <button type="button" aria-label={`Restore the folder ${d}`} onClick={() => state.restoreFolder(d)}>
                    Restore folder
                  </button>
                </li>
              ))}
              {state.files.map((f) => (
                <li key={f.path}>
                  <button
                    type="button"
                    aria-pressed={f.path === state.selected}
                    data-path={f.path}
                    onClick={() => state.select(f.path)}
                  >
                    <span class="q-history-path">{f.path}</span>
                    {f.isGone && <span class="q-history-gone">deleted</span>}
                    <span class="q-history-count">{f.versions}</span>
                  </button>
                </li>
              ))}
            </ul>
            <ol class="q-history-versions" aria-label={`Versions of ${state.selected ?? ''}`}>
              {state.versions?.map((v) => (
                <li key={v.id} class="q-history-version">
                  <time dateTime={new Date(v.savedAt).toISOString()}>{when(v.savedAt)}</time>
                  <span class="q-history-summary">{summaryText(v)}</span>
                  {!v.isDeletion && (
                    <button
                      type="button"
                      aria-label={`Restore the version of ${when(v.savedAt)}`}
                      onClick={() => state.restore(v.id)}
                    >
                      Restore
                    </button>
                  )}
                </li>
              ))}
            </ol>
          </div>
        )}
      </section>
    </div>
  )
}
