// Launch worker: fetches the repository, reads its environment and gathers the wheels, off the
// main thread. A thin entry: the work is src/prepare/prepareLaunch.ts; this file picks the real
// I/O (LightningFS, isomorphic-git's web HTTP client, IndexedDB, fetch).
import { Buffer } from 'buffer'
import type { LaunchProgress, PrepareEvent, PrepareRequest } from '../src/prepare/types'
import type { CommitRecord, FetchProgress, RepoRecord, RepoSnapshot } from '../src/repo'
import { parseLaunchUrl } from '../src/launch'
import type { WheelRecord } from '../src/store'
import { AppError, serializeError } from '../src/shared/errors'
import { hostUnreachable } from '../src/shared/hostError'
import { describeRetry, type RetryEvent } from '../src/shared/retry'

// isomorphic-git expects Node's Buffer; it must exist before isomorphic-git is imported.
;(globalThis as { Buffer?: unknown }).Buffer ??= Buffer

const post = (msg: PrepareEvent) => (self as unknown as Worker).postMessage(msg)

self.onmessage = async (e: MessageEvent<PrepareRequest>) => {
  const { spec, config } = e.data
  const [
    { default: LightningFS },
    { default: http },
    { openRepo, checkUpstream, sourceFor, pullRepo, cacheStorageRefCache, routeName },
    { prepareLaunch, PhaseError },
    { openQuireDb, writeWithEviction, retryAfterEviction, lruEvictor, withSize, trackInUse },
    { createHttpFetcher, hostOf, loadPyodideLock, HttpError },
    { openPackageStore },
  ] = await Promise.all([
    import('@isomorphic-git/lightning-fs'),
    import('isomorphic-git/http/web'),
    import('../src/repo'),
    import('../src/prepare/prepareLaunch'),
    import('../src/store'),
    import('../src/resolve'),
    import('../src/offline/packageCache'),
  ])
  try {
    const fs = new LightningFS('quire-repos')
    const db = await openQuireDb({ testQuotaBytes: e.data.testQuotaBytes })
    // A retry (index, wheels, git, GitHub's API: src/shared/retry.ts) shows on the current phase's
    // line and in the log, so a slow launch says why it waits.
    let lastProgress: LaunchProgress = { phase: 'fetching' }
    const tellRetry = (r: RetryEvent & { url: string }) =>
      post({
        type: 'progress',
        progress: { ...lastProgress, file: undefined, detail: describeRetry(r, hostOf(r.url)) },
      })
    const index = createHttpFetcher(fetch.bind(globalThis), {
      idleTimeoutMs: config.networkTimeoutMs,
      onRetry: tellRetry,
    })
    // Every write makes room by evicting least-recently-used caches (never edits, never this
    // repository) when the browser says the quota is used up; see src/store/quota.ts.
    const quota = { evictOne: lruEvictor(db, fs) }
    // Wheels and R binaries this launch reads or writes (trackInUse): stored for an older repository,
    // they must survive its eviction until this launch's environment record lists them.
    const inUse = new Set<string>()
    const save = <T>(what: string, write: () => Promise<T>) => writeWithEviction(what, write, quota, [spec.key], inUse)
    const repoIo = {
      fs,
      records: {
        get: (k: string) => db.get('repos', k),
        put: async (r: RepoRecord) => void (await save(`repository record ${r.key}`, () => db.put('repos', r))),
      },
      commits: {
        get: (id: string) => db.get('commits', id),
        put: async (r: CommitRecord) => void (await save(`commit ${r.id}`, () => db.put('commits', r))),
      },
      source: sourceFor(spec, config, {
        fs,
        http,
        fetch: fetch.bind(globalThis),
        onRetry: tellRetry,
        // Shared by every tab of the site for config.refCacheSeconds: a class's launches cost GitHub one lookup.
        refCache: typeof caches === 'undefined' ? undefined : cacheStorageRefCache(caches),
        onCachedRef: (ageMs, isPastTtl) =>
          post({
            type: 'progress',
            progress: {
              ...lastProgress,
              detail: isPastTtl
                ? `GitHub refused a new lookup; using where ${spec.ref} pointed ${Math.round(ageMs / 60_000)} min ago`
                : `where the branch points was asked ${Math.round(ageMs / 1000)} s ago`,
            },
          }),
        onRoute: (r) =>
          post({
            type: 'progress',
            progress: {
              ...lastProgress,
              file: undefined,
              detail: `${r.failed ? `${routeName(r.failed.route)} failed (${r.failed.message}); ` : ''}via ${routeName(r.route)}`,
            },
          }),
        onLfsSkipped: (paths, reason) =>
          post({
            type: 'progress',
            progress: {
              ...lastProgress,
              file: undefined,
              detail: `Git LFS ${paths.join(', ')} not fetched: ${reason}`,
            },
          }),
        // The header names it too (RepoRecord.missingSubmodules); the log says why.
        onSubmoduleSkipped: (path, url, reason) =>
          post({
            type: 'progress',
            progress: { ...lastProgress, file: undefined, detail: `submodule ${path} (${url}) not fetched: ${reason}` },
          }),
      }),
      demoBaseUrl: config.demoBaseUrl,
    }
    let opened: RepoSnapshot | undefined
    // An nbgitpuller link's repository: a plain git URL, stored and reopened like any launch's.
    const pull = spec.gitPull
    const pullSpec =
      pull &&
      parseLaunchUrl(
        `/v2/git/${encodeURIComponent(pull.repo)}/${pull.branch ? encodeURIComponent(pull.branch) : 'HEAD'}`,
      )
    const result = await prepareLaunch(spec, {
      // A checkout that found no room drops least-recently-used caches and runs once more (src/store/quota.ts).
      openRepo: async (onProgress) =>
        (opened = await retryAfterEviction(
          `the files of ${spec.key}`,
          () => openRepo(spec, { ...repoIo, onProgress }),
          quota,
          [spec.key],
          inUse,
        )),
      ...(pullSpec
        ? {
            pull: (onProgress: (p: FetchProgress) => void) =>
              pullRepo(pullSpec, {
                ...repoIo,
                source: sourceFor(pullSpec, config, { fs, http, fetch: fetch.bind(globalThis), onRetry: tellRetry }),
                onProgress,
              }),
          }
        : {}),
      lock: async () => {
        const url = `${config.pyodideIndexUrl}pyodide-lock.json`
        const json = await index.json(url).catch((err: unknown) => {
          if (err instanceof AppError) throw err
          const status = err instanceof HttpError ? err.status : undefined
          const wanted = "Pyodide's package list (pyodide-lock.json)"
          throw hostUnreachable(url, { wanted, configKey: 'pyodideIndexUrl' }, String(err), status)
        })
        return loadPyodideLock(json)
      },
      index,
      indexUrl: config.pypiUrl,
      extraIndexes: config.extraIndexUrls.map((indexUrl) => ({ indexUrl, indexApi: 'simple' as const })),
      envs: {
        get: (id) => db.get('envs', id),
        put: async (r) => void (await save(`environment ${r.id}`, () => db.put('envs', r))),
        all: () => db.getAll('envs'),
      },
      wheels: trackInUse(
        {
          get: (sha: string) => db.get('wheels', sha),
          put: async (r: WheelRecord) => void (await save(`wheel ${r.filename}`, () => db.put('wheels', withSize(r)))),
        },
        inUse,
      ),
      onProgress: (progress) => post({ type: 'progress', progress: (lastProgress = progress) }),
      onResolved: (report) => post({ type: 'resolved', report }),
      isStrict: e.data.isStrict === true,
      rRepoUrl: config.webrRepoUrl,
      // Pyodide's packages in the download phase, kept where the service worker serves them offline.
      pyodideFiles: { baseUrl: config.pyodidePackageBaseUrl, store: await openPackageStore() },
    })
    post({ type: 'done', result })
    // The notebook is open; only now ask where a reopened ref points (src/repo/openRepo.ts).
    post({ type: 'upstream', check: opened?.isRefUnchecked ? await checkUpstream(spec, opened, repoIo) : undefined })
  } catch (err) {
    const phase = err instanceof PhaseError ? err.phase : 'fetching'
    post({ type: 'failed', error: serializeError(err instanceof PhaseError ? err.cause : err), phase })
  }
}

post({ type: 'ready' })
