import { useEffect, useState } from 'preact/hooks'
import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import { prepareInWorker, PrepareFailure } from '../prepare/client'
// Not '../session': its index pulls the notebook view into the launch page.
import { startPreboot } from '../session/prebootRegistry'
import type { EnvReport } from '../prepare/envReport'
import type { LaunchPhase, LaunchProgress, PreparedLaunch } from '../prepare/types'
import { AppError, serializeError, type SerializedError } from '../shared/errors'
import { chooseLaunchNotebook, type NotebookChoice } from './chooseNotebook'

export interface PhaseLine {
  phase: LaunchPhase
  startedAt: number
  last: LaunchProgress
  /** When bytes or counts last moved: a phase quiet for long says what it waits for. */
  movedAt: number
}

/** `report`: the compatibility report, from the moment resolving ends. */
export type LaunchState =
  | { kind: 'preparing'; phases: PhaseLine[]; log: string[]; report?: EnvReport }
  | { kind: 'ready'; prepared: PreparedLaunch; choice: NotebookChoice; log: string[]; report?: EnvReport }
  | { kind: 'failed'; error: SerializedError; phase: LaunchPhase; log: string[]; report?: EnvReport }

function logLine(startedAt: number, p: LaunchProgress): string {
  const secs = ((performance.now() - startedAt) / 1000).toFixed(2).padStart(6)
  const count = p.total ? ` ${p.loaded ?? 0}/${p.total}` : ''
  const bytes = p.bytes ? ` ${p.bytes} bytes` : ''
  return `[${secs} s] ${p.phase}${p.detail ? `: ${p.detail}` : ''}${count}${bytes}`
}

/** Drives one launch: progress lines while the worker prepares, then the notebook to open. */
export function useLaunch(spec: LaunchSpec, config: QuireConfig): LaunchState {
  const [state, setState] = useState<LaunchState>({ kind: 'preparing', phases: [], log: [] })
  useEffect(() => {
    let isCurrent = true
    const phases: PhaseLine[] = []
    const log: string[] = []
    const startedAt = performance.now()
    let report: EnvReport | undefined
    // Python boots while the repository is fetched and resolved; the notebook view adopts it.
    const endPreboot = startPreboot(spec, config)
    const onProgress = (p: LaunchProgress) => {
      if (!isCurrent) return
      // Byte counts arrive many times a second: log a phase's changes of detail, not every tick.
      const last = phases[phases.length - 1]
      if (last?.phase !== p.phase || last.last.detail !== p.detail) log.push(logLine(startedAt, p))
      if (last?.phase === p.phase) {
        if (p.bytes !== last.last.bytes || p.loaded !== last.last.loaded || p.detail !== last.last.detail || p.file?.loaded !== last.last.file?.loaded) last.movedAt = performance.now()
        last.last = p
      } else phases.push({ phase: p.phase, startedAt: performance.now(), last: p, movedAt: performance.now() })
      setState({ kind: 'preparing', phases: [...phases], log: [...log], report })
    }
    const onResolved = (r: EnvReport) => {
      if (!isCurrent) return
      report = r
      log.push(`${logLine(startedAt, { phase: 'resolving' })} verdict ${r.verdict.kind}, ${r.packages.length} packages`)
      setState({ kind: 'preparing', phases: [...phases], log: [...log], report })
    }
    prepareInWorker(spec, config, onProgress, onResolved).then(
      async (prepared) => {
        const choice = await chooseLaunchNotebook(prepared, spec.labpath)
        if (prepared.verdict.kind === 'hub') endPreboot()
        if (isCurrent) setState({ kind: 'ready', prepared, choice, log, report })
      },
      (e: unknown) => {
        endPreboot()
        if (!isCurrent) return
        const error = serializeError(e instanceof PrepareFailure ? e.error : e instanceof AppError ? e : new AppError('INTERNAL', String(e)))
        log.push(`${logLine(startedAt, { phase: e instanceof PrepareFailure ? e.phase : 'fetching' })} failed: ${error.code}: ${error.message}`)
        setState({ kind: 'failed', error, phase: e instanceof PrepareFailure ? e.phase : 'fetching', log, report })
      },
    )
    return () => {
      isCurrent = false
      endPreboot()
    }
  }, [spec.key, spec.labpath])
  return state
}
