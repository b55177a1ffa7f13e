import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import { deserializeError, type AppError } from '../shared/errors'
import type { EnvReport } from './envReport'
import type { LaunchPhase, LaunchProgress, PrepareEvent, PrepareRequest, PreparedLaunch } from './types'

export class PrepareFailure extends Error {
  constructor(readonly error: AppError, readonly phase: LaunchPhase) {
    super(error.message)
  }
}

/** `?strict=1` (or `true`) on the launch link: exact pins or a hub. Read here rather than in
 *  LaunchSpec because it changes the verdict, not which repository is opened. */
export function isStrictLaunch(search: string): boolean {
  const v = new URLSearchParams(search).get('strict')
  return v === '1' || v === 'true'
}

/** Runs the fetch → read config → resolve → download pipeline in the launch worker. */
export function prepareInWorker(spec: LaunchSpec, config: QuireConfig, onProgress: (p: LaunchProgress) => void,
  onResolved?: (report: EnvReport) => void): Promise<PreparedLaunch> {
  const worker = new Worker(new URL('../../workers/launch.worker.ts', import.meta.url), { type: 'module', name: 'quire-launch' })
  return new Promise<PreparedLaunch>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<PrepareEvent>) => {
      const msg = e.data
      switch (msg.type) {
        case 'ready': {
          const req: PrepareRequest = { type: 'prepare', spec, config, isStrict: isStrictLaunch(location.search) }
          worker.postMessage(req)
          break
        }
        case 'progress':
          onProgress(msg.progress)
          break
        case 'resolved':
          onResolved?.(msg.report)
          break
        case 'done':
          resolve(msg.result)
          worker.terminate()
          break
        case 'failed':
          reject(new PrepareFailure(deserializeError(msg.error), msg.phase))
          worker.terminate()
          break
      }
    }
    worker.onerror = (e) => {
      reject(new PrepareFailure(deserializeError({ code: 'INTERNAL', message: `launch worker crashed: ${e.message}`, data: {} }), 'fetching'))
      worker.terminate()
    }
  })
}
