import { useEffect, useRef, useState } from 'preact/hooks'
import type { QuireConfig } from '../config'
import type { PreparedLaunch } from '../prepare/types'
import { serializeError, type SerializedError } from '../shared/errors'
import type { FileActions } from '../session/fileActions'
import { ErrorScreen } from './ErrorScreen'
import { FilePanel } from './files/FilePanel'
import { KernelStrip, kernelPhase, type KernelPhase } from './KernelStrip'

/** Mounts the JupyterLab notebook view, loaded on demand so the launch page stays light. */
export function NotebookHost({
  prepared,
  path,
  alsoOpen,
  config,
}: {
  prepared: PreparedLaunch
  path: string
  alsoOpen?: string
  config: QuireConfig
}) {
  const host = useRef<HTMLDivElement>(null)
  const [error, setError] = useState<SerializedError | null>(null)
  const [phase, setPhase] = useState<KernelPhase>('starting')
  const [kernelName, setKernelName] = useState('the kernel')
  const [files, setFiles] = useState<FileActions | null>(null)
  useEffect(() => {
    let dispose: (() => void) | undefined
    let isCurrent = true
    import('../session')
      .then(async ({ openSession }) => {
        if (!host.current || !isCurrent) return
        const opened = await openSession(host.current, prepared, path, config)
        if (!isCurrent) return opened.dispose()
        setFiles(opened.files)
        // A link naming a README or a data file opens it in front, as mybinder's labpath does.
        if (alsoOpen) await opened.view.open(alsoOpen)
        // Notebooks opened later share this notebook's kernel, so its status is the repository's.
        const session = opened.view.panel.sessionContext
        const onStatus = () => {
          setPhase(kernelPhase(session.kernelDisplayStatus))
          if (session.kernelDisplayName && session.kernelDisplayName !== 'No Kernel')
            setKernelName(session.kernelDisplayName)
        }
        session.statusChanged.connect(onStatus)
        session.connectionStatusChanged.connect(onStatus)
        session.kernelChanged.connect(onStatus)
        onStatus()
        dispose = () => opened.dispose()
      })
      .catch((e: unknown) => isCurrent && setError(serializeError(e)))
    return () => {
      isCurrent = false
      dispose?.()
    }
  }, [prepared, path, alsoOpen])
  if (error)
    return (
      <ErrorScreen
        error={error}
        phase="opening the notebook"
        launch={{ spec: prepared.spec, config, sha: prepared.sha }}
      />
    )
  const packages = prepared.wheels.length + prepared.pyodidePackages.length
  return (
    <>
      <KernelStrip phase={phase} packages={packages} kernelName={kernelName} />
      <div class="q-workspace">
        {files && <FilePanel actions={files} />}
        <div
          class="q-notebook jp-ThemedContainer"
          data-jp-theme-light="true"
          data-jp-theme-name="JupyterLab Light"
          ref={host}
        />
      </div>
    </>
  )
}
