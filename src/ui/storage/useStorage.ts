import { useCallback, useEffect, useState } from 'preact/hooks'
import type { QuireConfig } from '../../config'
import { lockPackageUrls } from '../../offline/lockPackages'
import { cachedPackages, storePackages } from '../../offline/packageCache'
import { prepareInWorker, PrepareFailure } from '../../prepare/client'
import { loadPyodideLock, type PyodideLock } from '../../resolve'
import { AppError, serializeError, type SerializedError } from '../../shared/errors'
import {
  baselinesOf,
  catalogOf,
  loadStoredState,
  openQuireDb,
  removeCaches,
  removeEverything,
  type BaselineEntry,
  type CacheEntry,
  type CacheFs,
} from '../../store'
import { formatBytes } from '../../shared/bytes'
import { forgetRescues } from '../../session/rescue'

export interface StorageRow extends CacheEntry {
  /** Repository files, environment, wheels and every Pyodide package it loads are stored. */
  isOffline: boolean
  missingPackages: number
  /**
   * Pyodide's lock packages (numpy, Pillow…) the service worker keeps for this repository, and their bytes: shared
   * with every repository that loads them, like wheels, and counted in each.
   */
  packageCount: number
  packageBytes: number
}

export interface StorageState {
  rows: StorageRow[] | undefined
  /** Python's baseline snapshots (the interpreter alone), shared by every repository. */
  baselines?: BaselineEntry[]
  usage?: number
  quota?: number
  isPersisted?: boolean
  /** What the last action did, in words. */
  message?: string
  error?: SerializedError
  busyKey?: string
}

let pageFs: Promise<CacheFs> | undefined
/** One LightningFS per page: two instances of one name fight over its lock. */
function repoFs(): Promise<CacheFs> {
  return (pageFs ??= import('@isomorphic-git/lightning-fs').then(
    ({ default: LightningFS }) => new LightningFS('quire-repos'),
  ))
}

async function fetchLock(config: QuireConfig): Promise<PyodideLock | undefined> {
  const res = await fetch(`${config.pyodideIndexUrl}pyodide-lock.json`).catch(() => undefined)
  return res?.ok ? loadPyodideLock(await res.json()) : undefined
}

/** The storage page's model: what is stored per repository, and deleting or pinning it. */
export function useStorage(config: QuireConfig | null) {
  const [state, setState] = useState<StorageState>({ rows: undefined })
  const [lock, setLock] = useState<PyodideLock | undefined>(undefined)
  useEffect(
    () =>
      void (
        config &&
        fetchLock(config)
          .then(setLock)
          .catch(() => undefined)
      ),
    [config],
  )

  // What IndexedDB holds: read on opening and after each action, not again when the lock arrives.
  // Sizes come from the v4 indexes, never from the wheel and snapshot bytes (src/store/storageIo.ts).
  const [entries, setEntries] = useState<CacheEntry[] | undefined>(undefined)
  const refresh = useCallback(async () => {
    if (!config) return
    const stored = await loadStoredState(await openQuireDb(), await repoFs(), true)
    setEntries(catalogOf(stored))
    setState((s) => ({ ...s, baselines: baselinesOf(stored) }))
    const est = await navigator.storage?.estimate?.().catch(() => undefined)
    const isPersisted = await navigator.storage?.persisted?.().catch(() => undefined)
    setState((s) => ({ ...s, usage: est?.usage, quota: est?.quota, isPersisted }))
  }, [config])
  useEffect(
    () => void refresh().catch((e: unknown) => setState((s) => ({ ...s, rows: [], error: serializeError(e) }))),
    [refresh],
  )

  // Offline status per row: which of its Pyodide packages the service worker's cache holds.
  useEffect(() => {
    if (!config || !entries) return
    let isCurrent = true
    const urlsOf = (e: CacheEntry) =>
      lock ? lockPackageUrls(lock, e.pyodidePackages, config.pyodidePackageBaseUrl) : []
    void cachedPackages([...new Set(entries.flatMap(urlsOf))])
      .then((cached) => {
        const rows = entries.map((e) => {
          const urls = urlsOf(e)
          const kept = urls.filter((u) => cached.has(u))
          const missing = urls.length - kept.length
          return {
            ...e,
            missingPackages: missing,
            packageCount: kept.length,
            packageBytes: kept.reduce((n, u) => n + (cached.get(u) ?? 0), 0),
            isOffline:
              e.bytes.files > 0 && e.hasEnv && missing === 0 && (lock !== undefined || e.pyodidePackages.length === 0),
          }
        })
        if (isCurrent) setState((s) => ({ ...s, rows }))
      })
      .catch((e: unknown) => isCurrent && setState((s) => ({ ...s, rows: [], error: serializeError(e) })))
    return () => void (isCurrent = false)
  }, [config, lock, entries])

  const run = async (busyKey: string, work: () => Promise<string>) => {
    setState((s) => ({ ...s, busyKey, message: undefined, error: undefined }))
    try {
      const message = await work()
      await refresh()
      setState((s) => ({ ...s, busyKey: undefined, message }))
    } catch (e) {
      const error = e instanceof PrepareFailure ? serializeError(e.error) : serializeError(e)
      setState((s) => ({ ...s, busyKey: undefined, error }))
    }
  }

  const remove = (row: StorageRow) =>
    run(row.key, async () => {
      const plan = await removeCaches(await openQuireDb(), await repoFs(), [row.key], true)
      // Its edits kept as a page went (src/session/rescue.ts) go with its saved ones.
      forgetRescues(localStorage, row.key)
      return `Deleted ${row.url}${row.ref ? ` (${row.ref})` : ''}: ${plan.wheels.length} wheels no other repository uses, ${plan.edits.length} saved ${plan.edits.length === 1 ? 'file' : 'files'}.`
    })

  const removeBaseline = (entry: BaselineEntry) =>
    run(entry.key, async () => {
      await (await openQuireDb()).delete('snapshots', entry.key)
      return `Deleted the Python interpreter snapshot (${formatBytes(entry.size)}); the next first visit of a repository boots Python in full and makes it again.`
    })

  const removeAll = () =>
    run('*', async () => {
      await removeEverything(await openQuireDb(), await repoFs())
      forgetRescues(localStorage)
      return 'Deleted every repository, environment, wheel, snapshot and edit Quire stored.'
    })

  const makeOffline = (row: StorageRow) =>
    run(row.key, async () => {
      if (!config) throw new AppError('INTERNAL', 'configuration not loaded')
      if (!row.spec)
        throw new AppError(
          'STORAGE_FAILED',
          `${row.key} was stored before Quire kept its link; open it once more first`,
          { key: row.key },
        )
      // Asked first: a browser may grant it only in answer to the user's click.
      const isPersisted = (await navigator.storage?.persist?.().catch(() => false)) ?? false
      // The launch pipeline fetches what is missing and checks what is there (it reads the cache first).
      const prepared = await prepareInWorker(row.spec, config, () => undefined)
      const bytes = prepared.files.reduce((n, f) => n + f.data.byteLength, 0)
      const urls = lock ? lockPackageUrls(lock, prepared.pyodidePackages, config.pyodidePackageBaseUrl) : []
      const { stored, failed } = await storePackages(urls)
      if (failed.length > 0)
        throw new AppError('INDEX_UNREACHABLE', `could not store Pyodide packages: ${failed.join(', ')}`, {
          url: failed[0],
        })
      const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
      return (
        `Available offline: ${count(prepared.files.length, 'file')} (${formatBytes(bytes)}), ${count(prepared.wheels.length, 'wheel')}, ${count(stored.length, 'Pyodide package')}. ` +
        (isPersisted
          ? 'The browser will keep them even when space runs low.'
          : 'The browser did not promise to keep them when space runs low.')
      )
    })

  return { state, remove, removeAll, removeBaseline, makeOffline }
}
