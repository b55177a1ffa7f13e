import { useEffect, useState } from 'preact/hooks'
import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import { prepareInWorker, PrepareFailure } from '../prepare/client'
import type { LaunchPhase, LaunchProgress, PreparedLaunch } from '../prepare/types'
import { AppError, serializeError, type SerializedError } from '../shared/errors'
import { chooseNotebook, type NotebookChoice } from './chooseNotebook'

export interface PhaseLine {
  phase: LaunchPhase
  startedAt: number
  last: LaunchProgress
}

export type LaunchState =
  | { kind: 'preparing'; phases: PhaseLine[]; log: string[] }
  | { kind: 'ready'; prepared: PreparedLaunch; choice: NotebookChoice; log: string[] }
  | { kind: 'failed'; error: SerializedError; phase: LaunchPhase; log: string[] }

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
    const onProgress = (p: LaunchProgress) => {
      if (!isCurrent) return
      // Byte counts arrive many times a second: log a phase's changes of detail, not every tick.
      const last = phases[phases.length - 1]
      if (last?.phase !== p.phase || last.last.detail !== p.detail) log.push(logLine(startedAt, p))
      if (last?.phase === p.phase) last.last = p
      else phases.push({ phase: p.phase, startedAt: performance.now(), last: p })
      setState({ kind: 'preparing', phases: [...phases], log: [...log] })
    }
    prepareInWorker(spec, config, onProgress).then(
      (prepared) => isCurrent && setState({ kind: 'ready', prepared, choice: chooseNotebook(prepared.notebooks, spec.labpath, prepared.files.map((f) => f.path)), log }),
      (e: unknown) => {
        if (!isCurrent) return
        const error = serializeError(e instanceof PrepareFailure ? e.error : e instanceof AppError ? e : new AppError('INTERNAL', String(e)))
        log.push(`${logLine(startedAt, { phase: e instanceof PrepareFailure ? e.phase : 'fetching' })} failed: ${error.code}: ${error.message}`)
        setState({ kind: 'failed', error, phase: e instanceof PrepareFailure ? e.phase : 'fetching', log })
      },
    )
    return () => {
      isCurrent = false
    }
  }, [spec.key, spec.labpath])
  return state
}
