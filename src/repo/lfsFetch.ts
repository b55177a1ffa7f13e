// Git LFS files fetched where a server lets a browser: the Batch API of git-lfs
// (github.com/git-lfs/git-lfs/blob/main/docs/api/batch.md), at the endpoint git-lfs itself would use
// (docs/api/server-discovery.md: `lfs.url` of the repository's .lfsconfig, else `<clone URL>.git/info/lfs`).
// A file that cannot be fetched stays a pointer: the header names it (src/repo/lfs.ts) and `onSkip` says why.
import { AppError } from '../shared/errors'
import { isLfsPointer } from './lfs'
import { readTree } from './readTree'
import type { RepoSource } from './source'
import { writingTo } from './storageErrors'
import type { RepoFs } from './types'

export interface LfsPointer {
  path: string
  oid: string
  size: number
}

export function parseLfsPointer(path: string, data: Uint8Array): LfsPointer | undefined {
  if (!isLfsPointer(data)) return undefined
  const text = new TextDecoder().decode(data)
  const oid = /\noid sha256:([0-9a-f]{64})\n/.exec(text)?.[1]
  const size = Number(/\nsize (\d+)\n?/.exec(text)?.[1])
  return oid && Number.isSafeInteger(size) ? { path, oid, size } : undefined
}

/** git-lfs's endpoint for a clone URL: `lfs.url` from .lfsconfig when it names one, else `<url>.git/info/lfs`. */
export function lfsEndpoint(cloneUrl: string, lfsconfig?: string): string {
  const configured = lfsconfig && /^\s*url\s*=\s*(\S+)\s*$/m.exec(lfsconfig.split(/^\s*\[lfs\]\s*$/m)[1] ?? '')?.[1]
  if (configured) return configured.replace(/\/+$/, '')
  const base = cloneUrl.replace(/\/+$/, '')
  return `${base.endsWith('.git') ? base : `${base}.git`}/info/lfs`
}

interface BatchObject {
  oid: string
  size: number
  actions?: { download?: { href: string; header?: Record<string, string> } }
  error?: { code: number; message: string }
}

const isBatch = (x: unknown): x is { objects: BatchObject[] } =>
  typeof x === 'object' && x !== null && Array.isArray((x as { objects?: unknown }).objects)

const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('')

export interface LfsOptions {
  fs: RepoFs
  fetch: typeof fetch
  cloneUrl: string
  /** Bytes of LFS objects a launch may download; past it none is fetched. */
  maxBytes: number
  /** How the Batch API is reached: through the deployer's CORS proxy for a forge without CORS (GitHub's). */
  via?: (url: string) => string
  onSkip?: (paths: string[], reason: string) => void
}

/** Replaces the LFS pointers under `dir` by their objects, as far as the LFS server lets; never throws for them. */
export async function fetchLfsObjects(dir: string, o: LfsOptions): Promise<void> {
  const { files } = await writingTo(`the files of ${o.cloneUrl}`, () => readTree(o.fs, dir))
  const pointers = files.map((f) => parseLfsPointer(f.path, f.data)).filter((p) => p !== undefined)
  if (pointers.length === 0) return
  const skip = (ps: LfsPointer[], why: string) =>
    o.onSkip?.(
      ps.map((p) => p.path),
      why,
    )
  const total = pointers.reduce((n, p) => n + p.size, 0)
  if (total > o.maxBytes) return skip(pointers, `${total} bytes of LFS objects, over the ${o.maxBytes} byte limit`)
  const lfsconfig = files.find((f) => f.path === '.lfsconfig')
  const endpoint = lfsEndpoint(o.cloneUrl, lfsconfig && new TextDecoder().decode(lfsconfig.data))
  const via = o.via ?? ((u: string) => u)
  const mediaType = 'application/vnd.git-lfs+json'
  let batch: unknown
  try {
    const res = await o.fetch(via(`${endpoint}/objects/batch`), {
      method: 'POST',
      headers: { accept: mediaType, 'content-type': mediaType },
      body: JSON.stringify({
        operation: 'download',
        transfers: ['basic'],
        objects: pointers.map(({ oid, size }) => ({ oid, size })),
        hash_algo: 'sha256',
      }),
    })
    if (!res.ok) return skip(pointers, `the LFS server ${endpoint} answered HTTP ${res.status}`)
    batch = await res.json()
  } catch (e) {
    // A browser's fetch rejects alike for no connection and for a server without CORS headers (GitHub's).
    const why = e instanceof Error ? e.message : String(e)
    return skip(pointers, `the LFS server ${endpoint} could not be reached (${why}); without CORS it needs a proxy`)
  }
  if (!isBatch(batch)) return skip(pointers, `the LFS server ${endpoint} gave no object list`)
  for (const p of pointers) {
    const obj = batch.objects.find((b) => b.oid === p.oid)
    const action = obj?.actions?.download
    if (!action) {
      skip([p], obj?.error ? `LFS error ${obj.error.code}: ${obj.error.message}` : 'the LFS server did not offer it')
      continue
    }
    try {
      // Asked directly: where GitHub keeps LFS objects, and whether it sends CORS headers, is not known here.
      const res = await o.fetch(action.href, { headers: action.header ?? {} })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      const bytes = new Uint8Array(await res.arrayBuffer())
      const digest = hex(await crypto.subtle.digest('SHA-256', bytes))
      if (bytes.byteLength !== p.size || digest !== p.oid) throw new Error(`its bytes are not the object ${p.oid}`)
      await writingTo(`the LFS file ${p.path}`, () => o.fs.promises.writeFile(`${dir}/${p.path}`, bytes))
    } catch (e) {
      // The storage failing is the launch's error; a download that failed leaves the pointer, named.
      if (e instanceof AppError) throw e
      skip([p], `its download failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
}

/** A source whose downloads are followed by fetching their Git LFS objects (`fetchLfsObjects`). */
export function withLfs(source: RepoSource, o: LfsOptions): RepoSource {
  return Object.assign(Object.create(source) as RepoSource, {
    async download(...a: Parameters<RepoSource['download']>) {
      const sha = await source.download(...a)
      await fetchLfsObjects(a[0], o)
      return sha
    },
  })
}
