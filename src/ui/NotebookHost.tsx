import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import type { QuireConfig } from '../config'
import type { PreparedLaunch } from '../prepare/types'
import { serializeError, type SerializedError } from '../shared/errors'
import type { FileActions } from '../session/fileActions'
import { ErrorScreen } from './ErrorScreen'
import { FilePanel } from './files/FilePanel'
import { KernelStrip, kernelPhase, type KernelPhase } from './KernelStrip'
import { lastStartMs, rememberStartMs, type BootKind } from './kernelWait'

/** Mounts the JupyterLab notebook view, loaded on demand so the launch page stays light. */
export function NotebookHost({
  prepared,
  path,
  alsoOpen,
  overview,
  config,
  isFilesOpen,
  onFilesOpen,
}: {
  prepared: PreparedLaunch
  path: string
  alsoOpen?: string
  /** Several notebooks and none named: an overview tab in front (README, notebooks). */
  overview?: { paths: string[]; missing?: string }
  config: QuireConfig
  /** On narrow screens the Files panel is a drawer (the header's Files button opens it). */
  isFilesOpen: boolean
  onFilesOpen: (isOpen: boolean) => void
}) {
  const host = useRef<HTMLDivElement>(null)
  const [error, setError] = useState<SerializedError | null>(null)
  const [phase, setPhase] = useState<KernelPhase>('starting')
  const [kernelName, setKernelName] = useState('the kernel')
  const [files, setFiles] = useState<FileActions | null>(null)
  const [boot, setBoot] = useState<{ kind: BootKind; atMs: number } | undefined>(undefined)
  // How long this link's kernel took to start last time here: the strip's estimate.
  const [mountedAt] = useState(() => performance.now())
  const [lastTotalMs] = useState(() => lastStartMs(localStorage, prepared.spec.key))
  const hasStarted = useRef(false)
  useEffect(() => {
    // Only the first start counts: a restart later is another measure.
    if (phase !== 'ready' || hasStarted.current) return
    hasStarted.current = true
    rememberStartMs(localStorage, prepared.spec.key, performance.now() - mountedAt)
  }, [phase])
  useEffect(() => {
    let dispose: (() => void) | undefined
    let isCurrent = true
    import('../session')
      .then(async ({ openSession }) => {
        if (!host.current || !isCurrent) return
        const opened = await openSession(
          host.current,
          prepared,
          path,
          config,
          overview && { notebooks: overview.paths, missing: overview.missing },
        )
        if (!isCurrent) return opened.dispose()
        setFiles(opened.files)
        opened.kernelBoot?.then(
          (b) => isCurrent && setBoot({ kind: b.from, atMs: performance.now() - mountedAt }),
          () => undefined, // the kernel's own start reports the failure
        )
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
  }, [prepared, path, alsoOpen, overview])
  if (error)
    return (
      <ErrorScreen
        error={error}
        phase="opening the notebook"
        launch={{ spec: prepared.spec, config, sha: prepared.sha }}
      />
    )
  // A file opened from the drawer is what the user wants to see: the drawer steps aside.
  const panelActions = useMemo(
    () => files && { ...files, open: (p: string) => files.open(p).then(() => onFilesOpen(false)) },
    [files, onFilesOpen],
  )
  const packages = prepared.wheels.length + prepared.pyodidePackages.length
  return (
    <>
      <KernelStrip phase={phase} packages={packages} kernelName={kernelName} boot={boot} lastTotalMs={lastTotalMs} />
      <div class={`q-workspace${isFilesOpen ? ' q-files-open' : ''}`}>
        {panelActions && <FilePanel actions={panelActions} />}
        {isFilesOpen && <div class="q-files-backdrop" onClick={() => onFilesOpen(false)} />}
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
