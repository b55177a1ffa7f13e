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
  | { kind: 'preparing'; phases: PhaseLine[] }
  | { kind: 'ready'; prepared: PreparedLaunch; choice: NotebookChoice }
  | { kind: 'failed'; error: SerializedError; phase: LaunchPhase }

/** Drives one launch: progress lines while the worker prepares, then the notebook to open. */
export function useLaunch(spec: LaunchSpec, config: QuireConfig): LaunchState {
  const [state, setState] = useState<LaunchState>({ kind: 'preparing', phases: [] })
  useEffect(() => {
    let isCurrent = true
    const phases: PhaseLine[] = []
    const onProgress = (p: LaunchProgress) => {
      if (!isCurrent) return
      const last = phases[phases.length - 1]
      if (last?.phase === p.phase) last.last = p
      else phases.push({ phase: p.phase, startedAt: performance.now(), last: p })
      setState({ kind: 'preparing', phases: [...phases] })
    }
    prepareInWorker(spec, config, onProgress).then(
      (prepared) => isCurrent && setState({ kind: 'ready', prepared, choice: chooseNotebook(prepared.notebooks, spec.labpath) }),
      (e: unknown) => {
        if (!isCurrent) return
        if (e instanceof PrepareFailure) setState({ kind: 'failed', error: serializeError(e.error), phase: e.phase })
        else setState({ kind: 'failed', error: serializeError(e instanceof AppError ? e : new AppError('INTERNAL', String(e))), phase: 'fetching' })
      },
    )
    return () => {
      isCurrent = false
    }
  }, [spec.key, spec.labpath])
  return state
}
