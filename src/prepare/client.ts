import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import type { UpstreamCheck } from '../repo'
import { countStoredPackages } from '../offline/packageCache'
import { deserializeError, type AppError } from '../shared/errors'
import { openQuireDb, testQuotaBytes } from '../store'
import type { EnvReport } from './envReport'
import type { LaunchPhase, LaunchProgress, PrepareEvent, PrepareRequest, PreparedLaunch } from './types'

export class PrepareFailure extends Error {
  constructor(
    readonly error: AppError,
    readonly phase: LaunchPhase,
  ) {
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
export function prepareInWorker(
  spec: LaunchSpec,
  config: QuireConfig,
  onProgress: (p: LaunchProgress) => void,
  onResolved?: (report: EnvReport) => void,
  onUpstream?: (check: UpstreamCheck | undefined) => void,
): Promise<PreparedLaunch> {
  const worker = new Worker(new URL('../../workers/launch.worker.ts', import.meta.url), {
    type: 'module',
    name: 'quire-launch',
  })
  return new Promise<PreparedLaunch>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<PrepareEvent>) => {
      const msg = e.data
      switch (msg.type) {
        case 'ready': {
          const req: PrepareRequest = {
            type: 'prepare',
            spec,
            config,
            isStrict: isStrictLaunch(location.search),
            testQuotaBytes: testQuotaBytes(),
          }
          // The page opens (and upgrades) the database first: an upgrade another tab blocks is
          // reported to this request only (STORAGE_BLOCKED), while the worker's open would wait behind it unanswered.
          openQuireDb().then(
            () => worker.postMessage(req),
            (err: unknown) => {
              worker.terminate()
              reject(err)
            },
          )
          break
        }
        case 'progress':
          onProgress(msg.progress)
          break
        case 'resolved':
          onResolved?.(msg.report)
          break
        case 'done':
          // The download phase may have put lock packages into the service worker's cache.
          countStoredPackages()
          // The worker goes on to check the ref in the background; its `upstream` event ends it.
          resolve(msg.result)
          break
        case 'upstream':
          onUpstream?.(msg.check)
          worker.terminate()
          break
        case 'failed':
          countStoredPackages()
          reject(new PrepareFailure(deserializeError(msg.error), msg.phase))
          worker.terminate()
          break
      }
    }
    worker.onerror = (e) => {
      reject(
        new PrepareFailure(
          deserializeError({ code: 'INTERNAL', message: `launch worker crashed: ${e.message}`, data: {} }),
          'fetching',
        ),
      )
      worker.terminate()
    }
  })
}
