// Launch worker: fetches the repository, reads its environment and gathers the wheels, off the
// main thread. A thin entry: the work is src/prepare/prepareLaunch.ts; this file picks the real
// I/O (LightningFS, isomorphic-git's web HTTP client, IndexedDB, fetch).
import { Buffer } from 'buffer'
import type { PrepareEvent, PrepareRequest } from '../src/prepare/types'
import { serializeError } from '../src/shared/errors'

// isomorphic-git expects Node's Buffer; it must exist before isomorphic-git is imported.
;(globalThis as { Buffer?: unknown }).Buffer ??= Buffer

const post = (msg: PrepareEvent) => (self as unknown as Worker).postMessage(msg)

self.onmessage = async (e: MessageEvent<PrepareRequest>) => {
  const { spec, config } = e.data
  const [{ default: LightningFS }, { default: http }, { openRepo, sourceFor }, { prepareLaunch, PhaseError }, { openQuireDb }, { createHttpFetcher, loadPyodideLock }] =
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
    const index = createHttpFetcher(fetch.bind(globalThis))
    const result = await prepareLaunch(spec, {
      openRepo: (onProgress) =>
        openRepo(spec, {
          fs,
          records: { get: (k) => db.get('repos', k), put: async (r) => void (await db.put('repos', r)) },
          commits: { get: (id) => db.get('commits', id), put: async (r) => void (await db.put('commits', r)) },
          source: sourceFor(spec, config, { fs, http, fetch: fetch.bind(globalThis) }),
          demoBaseUrl: config.demoBaseUrl,
          onProgress,
        }),
      lock: async () => loadPyodideLock(await index.json(`${config.pyodideIndexUrl}pyodide-lock.json`)),
      index,
      indexUrl: config.pypiUrl,
      envs: { get: (id) => db.get('envs', id), put: async (r) => void (await db.put('envs', r)) },
      wheels: { get: (sha) => db.get('wheels', sha), put: async (r) => void (await db.put('wheels', r)) },
      onProgress: (progress) => post({ type: 'progress', progress }),
      isStrict: e.data.isStrict === true,
    })
    post({ type: 'done', result })
  } catch (err) {
    const phase = err instanceof PhaseError ? err.phase : 'fetching'
    post({ type: 'failed', error: serializeError(err instanceof PhaseError ? err.cause : err), phase })
  }
}

post({ type: 'ready' })
