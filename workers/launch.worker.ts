// Launch worker: fetches the repository, reads its environment and gathers the wheels, off the
// main thread. A thin entry: the work is src/prepare/prepareLaunch.ts; this file picks the real
// I/O (LightningFS, isomorphic-git's web HTTP client, IndexedDB, fetch).
import { Buffer } from 'buffer'
import type { LaunchProgress, PrepareEvent, PrepareRequest } from '../src/prepare/types'
import { serializeError } from '../src/shared/errors'

// isomorphic-git expects Node's Buffer; it must exist before isomorphic-git is imported.
;(globalThis as { Buffer?: unknown }).Buffer ??= Buffer

const post = (msg: PrepareEvent) => (self as unknown as Worker).postMessage(msg)

self.onmessage = async (e: MessageEvent<PrepareRequest>) => {
  const { spec, config } = e.data
  const [{ default: LightningFS }, { default: http }, { openRepo, sourceFor }, { prepareLaunch, PhaseError }, { openQuireDb, writeWithEviction, lruEvictor }, { createHttpFetcher, hostOf, loadPyodideLock }] =
    await Promise.all([
      import('@isomorphic-git/lightning-fs'),
      import('isomorphic-git/http/web'),
      import('../src/repo'),
      import('../src/prepare/prepareLaunch'),
      import('../src/store'),
      import('../src/resolve'),
    ])
  try {
    const fs = new LightningFS('quire-repos')
    const db = await openQuireDb()
    // A retry shows on the current phase's line and in the log, so a slow launch says why it waits.
    let lastProgress: LaunchProgress = { phase: 'fetching' }
    const index = createHttpFetcher(fetch.bind(globalThis), {
      idleTimeoutMs: config.networkTimeoutMs,
      onRetry: (url, attempt, reason) => post({ type: 'progress', progress: { ...lastProgress, file: undefined, detail: `try ${attempt} of 3 for ${hostOf(url)}, after: ${reason}` } }),
    })
    // Every write makes room by evicting least-recently-used caches (never edits, never this
    // repository) when the browser says the quota is used up; see src/store/quota.ts.
    const quota = { evictOne: lruEvictor(db, fs) }
    const save = <T,>(what: string, write: () => Promise<T>) => writeWithEviction(what, write, quota, [spec.key])
    const result = await prepareLaunch(spec, {
      openRepo: (onProgress) =>
        openRepo(spec, {
          fs,
          records: { get: (k) => db.get('repos', k), put: async (r) => void (await save(`repository record ${r.key}`, () => db.put('repos', r))) },
          commits: { get: (id) => db.get('commits', id), put: async (r) => void (await save(`commit ${r.id}`, () => db.put('commits', r))) },
          source: sourceFor(spec, config, { fs, http, fetch: fetch.bind(globalThis) }),
          demoBaseUrl: config.demoBaseUrl,
          onProgress,
        }),
      lock: async () => loadPyodideLock(await index.json(`${config.pyodideIndexUrl}pyodide-lock.json`)),
      index,
      indexUrl: config.pypiUrl,
      envs: { get: (id) => db.get('envs', id), put: async (r) => void (await save(`environment ${r.id}`, () => db.put('envs', r))) },
      wheels: { get: (sha) => db.get('wheels', sha), put: async (r) => void (await save(`wheel ${r.filename}`, () => db.put('wheels', r))) },
      onProgress: (progress) => post({ type: 'progress', progress: (lastProgress = progress) }),
      onResolved: (report) => post({ type: 'resolved', report }),
      isStrict: e.data.isStrict === true,
      rRepoUrl: config.webrRepoUrl,
    })
    post({ type: 'done', result })
  } catch (err) {
    const phase = err instanceof PhaseError ? err.phase : 'fetching'
    post({ type: 'failed', error: serializeError(err instanceof PhaseError ? err.cause : err), phase })
  }
}

post({ type: 'ready' })
