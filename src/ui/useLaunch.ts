import { useEffect, useState } from 'preact/hooks'
import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import { prepareInWorker, PrepareFailure } from '../prepare/client'
// Not '../session': its index pulls the notebook view into the launch page.
import { launchPreboot } from '../session/launchPreboot'
import { serverAppVerdict } from '../launch/serverApp'
import type { EnvReport } from '../prepare/envReport'
import type { LaunchPhase, LaunchProgress, PreparedLaunch } from '../prepare/types'
// Not '../repo': its index pulls isomorphic-git into the launch page.
import { describeUpstreamCheck, type UpstreamCheck } from '../repo/upstream'
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
  | {
      kind: 'ready'
      prepared: PreparedLaunch
      choice: NotebookChoice
      log: string[]
      report?: EnvReport
      /** Where the ref points now, checked after the notebook opened (undefined until known or when not checked). */
      upstream?: UpstreamCheck
      /** Launches again in place (after an upstream update): the page stays, edits are in storage. */
      relaunch: () => void
    }
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
  const [run, setRun] = useState(0)
  const relaunch = () => setRun((n) => n + 1)
  useEffect(() => {
    let isCurrent = true
    const phases: PhaseLine[] = []
    const log: string[] = []
    const startedAt = performance.now()
    let report: EnvReport | undefined
    // Python boots while the repository is fetched and resolved; the notebook view adopts it.
    // Only when the link's notebooks need Python (an R-only repository boots none): launchPreboot.ts.
    const preboot = launchPreboot(spec, config)
    const endPreboot = preboot.end
    // Set once the worker answered: its later messages (the background upstream check's retries)
    // must not turn the open notebook back into a progress screen; they go to the log only.
    let isPrepared = false
    const onProgress = (p: LaunchProgress) => {
      if (!isCurrent) return
      if (isPrepared) {
        log.push(logLine(startedAt, p))
        return setState((s) => (s.kind === 'ready' ? { ...s, log: [...log] } : s))
      }
      // Byte counts arrive many times a second: log a phase's changes of detail, not every tick.
      const last = phases[phases.length - 1]
      if (last?.phase !== p.phase || last.last.detail !== p.detail) log.push(logLine(startedAt, p))
      if (last?.phase === p.phase) {
        if (
          p.bytes !== last.last.bytes ||
          p.loaded !== last.last.loaded ||
          p.detail !== last.last.detail ||
          p.file?.loaded !== last.last.file?.loaded
        )
          last.movedAt = performance.now()
        last.last = p
      } else phases.push({ phase: p.phase, startedAt: performance.now(), last: p, movedAt: performance.now() })
      setState({ kind: 'preparing', phases: [...phases], log: [...log], report })
    }
    const onResolved = (r: EnvReport) => {
      if (!isCurrent) return
      report = { ...r, verdict: serverAppVerdict(r.verdict, spec.serverApp) }
      log.push(
        `${logLine(startedAt, { phase: 'resolving' })} verdict ${report.verdict.kind}, ${r.packages.length} packages`,
      )
      setState({ kind: 'preparing', phases: [...phases], log: [...log], report })
    }
    let upstream: UpstreamCheck | undefined
    const onUpstream = (check: UpstreamCheck | undefined) => {
      if (!isCurrent || !check) return
      upstream = check
      log.push(`${logLine(startedAt, { phase: 'ready' })} upstream: ${describeUpstreamCheck(spec.ref, check)}`)
      // The same `prepared`: the open notebook stays as it is; only the prompt and notices change.
      setState((s) => (s.kind === 'ready' ? { ...s, log: [...log], upstream } : s))
    }
    prepareInWorker(spec, config, onProgress, onResolved, onUpstream).then(
      async (fetched) => {
        isPrepared = true
        // urlpath=rstudio & co. open a server application: a hub, whatever the environment allows.
        const prepared = { ...fetched, verdict: serverAppVerdict(fetched.verdict, spec.serverApp) }
        const choice = await chooseLaunchNotebook(prepared, spec.labpath)
        preboot.prepared(
          prepared,
          choice.kind === 'open' ? choice.path : choice.kind === 'list' ? choice.paths[0] : spec.labpath,
        )
        if (isCurrent) setState({ kind: 'ready', prepared, choice, log, report, upstream, relaunch })
      },
      (e: unknown) => {
        endPreboot()
        if (!isCurrent) return
        const error = serializeError(
          e instanceof PrepareFailure ? e.error : e instanceof AppError ? e : new AppError('INTERNAL', String(e)),
        )
        log.push(
          `${logLine(startedAt, { phase: e instanceof PrepareFailure ? e.phase : 'fetching' })} failed: ${error.code}: ${error.message}`,
        )
        setState({ kind: 'failed', error, phase: e instanceof PrepareFailure ? e.phase : 'fetching', log, report })
      },
    )
    return () => {
      isCurrent = false
      endPreboot()
    }
  }, [spec.key, spec.labpath, spec.serverApp?.urlpath, run])
  return state
}
