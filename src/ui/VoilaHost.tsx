import { useEffect, useRef, useState } from 'preact/hooks'
import type { QuireConfig } from '../config'
import type { PreparedLaunch } from '../prepare/types'
import { serializeError, type SerializedError } from '../shared/errors'
import type { AppProgress } from '../notebook/voilaApp'
import { ErrorScreen } from './ErrorScreen'

/**
 * A Voilà link (urlpath=voila/render/<notebook>): the notebook's outputs and live widgets only,
 * every cell run as it opens, a progress line while they run. "Show code" shows the same notebook
 * (same kernel, same outputs) as the notebook view; the session is the one NotebookHost opens.
 */
export function VoilaHost({ prepared, path, config }: { prepared: PreparedLaunch; path: string; config: QuireConfig }) {
  const host = useRef<HTMLDivElement>(null)
  const [error, setError] = useState<SerializedError | null>(null)
  const [progress, setProgress] = useState<AppProgress | null>(null)
  const [isCodeShown, setCodeShown] = useState(false)
  const isApp = useRef(true)
  isApp.current = !isCodeShown
  useEffect(() => {
    let dispose: (() => void) | undefined
    let isCurrent = true
    Promise.all([import('../session'), import('../notebook/voilaApp')])
      .then(async ([{ openSession }, { runAsApp, guardAppView }]) => {
        if (!host.current || !isCurrent) return
        const el = host.current
        const opened = await openSession(el, prepared, path, config)
        if (!isCurrent) return opened.dispose()
        const unguard = guardAppView(el, () => isApp.current)
        dispose = () => {
          unguard()
          opened.dispose()
        }
        await runAsApp(opened.view.panel, (p) => isCurrent && setProgress(p))
      })
      .catch((e: unknown) => isCurrent && setError(serializeError(e)))
    return () => {
      isCurrent = false
      dispose?.()
    }
  }, [prepared, path])
  // The toolbar measured itself while hidden (no room: every item in its overflow menu); a resize
  // makes the notebook view lay it out again once code shows.
  useEffect(() => void window.dispatchEvent(new Event('resize')), [isCodeShown])
  if (error)
    return (
      <ErrorScreen error={error} phase="running the app" launch={{ spec: prepared.spec, config, sha: prepared.sha }} />
    )
  const isRunning = progress === null || (progress.failedAt === undefined && progress.done < progress.total)
  return (
    <div class="q-voila-page">
      <div class="q-voila-bar">
        <span class="q-voila-progress" role="status" aria-live="polite">
          {isRunning
            ? progress
              ? `Running ${path}: cell ${Math.min(progress.done + 1, progress.total)} of ${progress.total}…`
              : `Starting ${path}…`
            : ''}
        </span>
        <label class="q-voila-switch">
          <input type="checkbox" checked={isCodeShown} onChange={(e) => setCodeShown(e.currentTarget.checked)} />
          Show code
        </label>
      </div>
      <div
        class={`q-notebook jp-ThemedContainer${isCodeShown ? '' : ' q-voila'}`}
        data-jp-theme-light="true"
        data-jp-theme-name="JupyterLab Light"
        data-app-state={isRunning ? 'running' : progress?.failedAt ? 'failed' : 'done'}
        ref={host}
      />
    </div>
  )
}
