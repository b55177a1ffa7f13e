import { useEffect, useRef, useState } from 'preact/hooks'
import type { QuireConfig } from '../config'
import type { PreparedLaunch } from '../prepare/types'
import { serializeError, type SerializedError } from '../shared/errors'
import { ErrorScreen } from './ErrorScreen'

/** Mounts the JupyterLab notebook view, loaded on demand so the launch page stays light. */
export function NotebookHost({ prepared, path, config }: { prepared: PreparedLaunch; path: string; config: QuireConfig }) {
  const host = useRef<HTMLDivElement>(null)
  const [error, setError] = useState<SerializedError | null>(null)
  useEffect(() => {
    let dispose: (() => void) | undefined
    let isCurrent = true
    import('../session')
      .then(async ({ openSession }) => {
        if (!host.current || !isCurrent) return
        const view = await openSession(host.current, prepared, path, config)
        if (isCurrent) dispose = () => view.dispose()
        else view.dispose()
      })
      .catch((e: unknown) => isCurrent && setError(serializeError(e)))
    return () => {
      isCurrent = false
      dispose?.()
    }
  }, [prepared, path])
  if (error) return <ErrorScreen error={error} phase="opening the notebook" />
  return <div class="q-notebook jp-ThemedContainer" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light" ref={host} />
}
