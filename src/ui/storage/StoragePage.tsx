import { useState } from 'preact/hooks'
import type { QuireConfig } from '../../config'
import { launchPath } from '../../launch'
import { appPath } from '../../shared/base'
import { commitLabel } from '../../repo/branchSnapshot'
import { errorText } from '../errorText'
import type { BaselineEntry } from '../../store'
import { useStorage, type StorageRow } from './useStorage'
import './storage.css'
import { formatBytes } from '../../shared/bytes'

const when = (t?: number) => (t ? new Date(t).toLocaleString() : '—')

/**
 * Edited files, and the bytes of every edit record: folder markers and unchanged notebook saves are stored but not
 * edits.
 */
function editsText(row: StorageRow): string {
  if (row.editCount > 0)
    return `${row.editCount} ${row.editCount === 1 ? 'file' : 'files'} (${formatBytes(row.bytes.edits)})`
  return row.bytes.edits > 0 ? `none (${formatBytes(row.bytes.edits)})` : 'none'
}

function Row({
  row,
  isBusy,
  onDelete,
  onOffline,
}: {
  row: StorageRow
  isBusy: boolean
  onDelete: () => void
  onOffline: () => void
}) {
  const [isConfirming, setConfirming] = useState(false)
  const wheels = row.bytes.wheels + row.packageBytes
  const total = row.bytes.files + wheels + row.bytes.snapshot + row.bytes.edits
  return (
    <li class="q-store-row" data-key={row.key}>
      <div class="q-store-head">
        {row.spec ? (
          <a class="q-store-name" href={appPath(launchPath(row.spec))}>
            {row.spec.name}
          </a>
        ) : (
          <span class="q-store-name">{row.url}</span>
        )}
        {row.ref && <span class="q-store-ref">{row.ref}</span>}
        {row.sha && <code class="q-store-sha">{commitLabel(row.sha)}</code>}
        <span class={`q-store-status ${row.isOffline ? 'q-store-ok' : ''}`}>
          {row.sha ? (row.isOffline ? 'available offline' : 'not fully offline') : 'edits only'}
        </span>
      </div>
      <div class="q-store-url">{row.url}</div>
      <dl class="q-store-sizes">
        <dt>files</dt>
        <dd>{formatBytes(row.bytes.files)}</dd>
        <dt>wheels</dt>
        <dd title="Pyodide's own packages (numpy, Pillow…) are kept by the browser's cache and shared between repositories">
          {formatBytes(wheels)} ({row.wheelCount}
          {row.sharedWheels > 0 ? `, ${row.sharedWheels} shared` : ''}
          {row.packageCount > 0 ? ` + ${row.packageCount} from Pyodide` : ''})
        </dd>
        <dt>snapshot</dt>
        <dd>{row.snapshotCount > 0 ? formatBytes(row.bytes.snapshot) : 'none'}</dd>
        <dt>edits</dt>
        <dd title="Empty folders and notebook saves with unchanged cells are kept but not counted as edits">
          {editsText(row)}
        </dd>
        <dt>total</dt>
        <dd>{formatBytes(total)}</dd>
        <dt>last opened</dt>
        <dd>{when(row.openedAt)}</dd>
      </dl>
      {!row.isOffline && row.sha && row.missingPackages > 0 && (
        <p class="q-store-note">{row.missingPackages} Pyodide packages are not stored yet.</p>
      )}
      <div class="q-store-actions">
        {row.sha && (
          <button type="button" class="q-button" disabled={isBusy || !row.spec} onClick={onOffline}>
            Make available offline
          </button>
        )}
        {isConfirming ? (
          <span class="q-store-confirm" role="alert">
            Delete {row.spec?.name ?? row.url}
            {row.editCount > 0
              ? ` and your ${row.editCount} edited ${row.editCount === 1 ? 'file' : 'files'}`
              : ''}?{' '}
            <button
              type="button"
              class="q-store-danger"
              onClick={() => {
                setConfirming(false)
                onDelete()
              }}
            >
              Delete
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" disabled={isBusy} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
    </li>
  )
}

/** Python's interpreter alone, snapshotted once: what every repository's first visit starts from. */
function Baselines({
  entries,
  isBusy,
  onDelete,
}: {
  entries: BaselineEntry[]
  isBusy: boolean
  onDelete: (e: BaselineEntry) => void
}) {
  if (entries.length === 0) return null
  return (
    <section class="q-store-baselines">
      <h2>Python interpreter snapshot</h2>
      <p class="q-store-note">
        Python as it is right after starting, kept so a repository opened for the first time restores Python instead of
        starting it in full. Shared by every repository; made again on the next first visit if deleted.
      </p>
      <ul class="q-store-list">
        {entries.map((e) => (
          <li class="q-store-baseline" key={e.key} data-key={e.key}>
            <div class="q-store-head">
              <span class="q-store-name">Pyodide {e.pyodideVersion}</span>
              <span class="q-store-size">{formatBytes(e.size)}</span>
            </div>
            <div class="q-store-url">{e.coreUrl}</div>
            <div class="q-store-actions">
              <button type="button" disabled={isBusy} onClick={() => onDelete(e)}>
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** /storage: what Quire keeps in this browser, per repository; delete it, or keep it for offline use. */
export function StoragePage({ config }: { config: QuireConfig | null }) {
  const { state, remove, removeAll, removeBaseline, makeOffline } = useStorage(config)
  const [isConfirmingAll, setConfirmingAll] = useState(false)
  const rows = state.rows
  return (
    <main class="q-storage">
      <p>
        <a href={appPath('/')}>← Quire</a> · <a href={appPath('/check')}>Network check</a>
      </p>
      <h1>Storage</h1>
      <p class="q-lede">
        Repositories opened in this browser stay here so they reopen instantly and offline. Wheels are shared between
        repositories; deleting one keeps what another still uses, and never touches another repository’s edits.
      </p>
      <p class="q-store-usage">
        {state.usage !== undefined && state.quota !== undefined && (
          <>
            Using {formatBytes(state.usage)} of {formatBytes(state.quota)} this browser allows.{' '}
          </>
        )}
        {state.isPersisted === true
          ? 'Storage is persistent: the browser will not clear it when space runs low.'
          : state.isPersisted === false
            ? 'Storage is not persistent yet: “Make available offline” asks the browser to keep it.'
            : ''}
      </p>
      {state.message && (
        <p class="q-notice" role="status">
          {state.message}
        </p>
      )}
      {state.error && (
        <div class="q-notice q-store-error" role="alert">
          <strong>{errorText(state.error.code).title}</strong> {errorText(state.error.code).action}
          <div class="q-store-detail">{state.error.message}</div>
        </div>
      )}
      {rows === undefined && <p>Reading storage…</p>}
      {rows?.length === 0 && !state.baselines?.length && <p class="q-store-empty">Nothing stored yet.</p>}
      {rows && rows.length > 0 && (
        <ul class="q-store-list">
          {rows.map((r) => (
            <Row
              key={r.key}
              row={r}
              isBusy={state.busyKey !== undefined}
              onDelete={() => void remove(r)}
              onOffline={() => void makeOffline(r)}
            />
          ))}
        </ul>
      )}
      {/* Stored things first, then the button that deletes them all. */}
      <Baselines
        entries={state.baselines ?? []}
        isBusy={state.busyKey !== undefined}
        onDelete={(e) => void removeBaseline(e)}
      />
      {rows &&
        rows.length > 0 &&
        (isConfirmingAll ? (
          <p class="q-store-confirm" role="alert">
            Delete every repository, wheel, snapshot and all your edits?{' '}
            <button
              type="button"
              class="q-store-danger"
              onClick={() => {
                setConfirmingAll(false)
                void removeAll()
              }}
            >
              Delete everything
            </button>{' '}
            <button type="button" onClick={() => setConfirmingAll(false)}>
              Cancel
            </button>
          </p>
        ) : (
          <p>
            <button type="button" disabled={state.busyKey !== undefined} onClick={() => setConfirmingAll(true)}>
              Delete everything…
            </button>
          </p>
        ))}
      {state.busyKey !== undefined && (
        <p role="status" class="q-store-busy">
          Working…
        </p>
      )}
    </main>
  )
}
