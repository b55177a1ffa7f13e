import { useEffect, useRef, useState } from 'preact/hooks'
import type { QuireConfig } from '../config'
import type { PreparedLaunch } from '../prepare/types'
import { serializeError, type SerializedError } from '../shared/errors'
import { ErrorScreen } from './ErrorScreen'
import { KernelStrip, kernelPhase, type KernelPhase } from './KernelStrip'

/** Mounts the JupyterLab notebook view, loaded on demand so the launch page stays light. */
export function NotebookHost({ prepared, path, config }: { prepared: PreparedLaunch; path: string; config: QuireConfig }) {
  const host = useRef<HTMLDivElement>(null)
  const [error, setError] = useState<SerializedError | null>(null)
  const [phase, setPhase] = useState<KernelPhase>('starting')
  useEffect(() => {
    let dispose: (() => void) | undefined
    let isCurrent = true
    import('../session')
      .then(async ({ openSession }) => {
        if (!host.current || !isCurrent) return
        const view = await openSession(host.current, prepared, path, config)
        if (!isCurrent) return view.dispose()
        const session = view.panel.sessionContext
        const onStatus = () => setPhase(kernelPhase(session.kernelDisplayStatus))
        session.statusChanged.connect(onStatus)
        session.connectionStatusChanged.connect(onStatus)
        onStatus()
        dispose = () => view.dispose()
      })
      .catch((e: unknown) => isCurrent && setError(serializeError(e)))
    return () => {
      isCurrent = false
      dispose?.()
    }
  }, [prepared, path])
  if (error) return <ErrorScreen error={error} phase="opening the notebook" />
  const packages = prepared.wheels.length + prepared.pyodidePackages.length
  return (
    <>
      <KernelStrip phase={phase} packages={packages} />
      <div class="q-notebook jp-ThemedContainer" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light" ref={host} />
    </>
  )
}
