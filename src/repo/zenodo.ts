// A Zenodo record as a repository. Zenodo's REST API (https://developers.zenodo.org, InvenioRDM's
// records API) sends CORS headers on /api/records/… and on each file's `links.content`
// (src/launch/recordSpec.ts has the evidence), so the browser reads a record directly:
//   GET {api}/records/<id>                  → { id, conceptrecid, links: { files } }
//   GET {links.files}                       → { enabled, entries: [{ key, size, links: { content } }] }
//   GET {entry.links.content}               → the file's bytes
// A concept id (the DOI of "all versions") is not a record: the API answers 404 (zenodo/zenodo#2499),
// and the search `GET {api}/records?q=conceptrecid:<id>` lists its latest version. A version's
// record id names files that never change (Zenodo makes a new version for new files), so it plays
// the commit SHA's part: stored, reopened offline, and looked up again only to see if a concept moved.
import { stallFetch } from './stallFetch'
import { AppError } from '../shared/errors'
import { unsafePathReason } from '../shared/safePath'
import { withRetry, type RetryOptions } from '../shared/retry'
import { RepoNotFoundError, RepoTooLargeError, RepoUnreachableError } from './errors'
import { IDLE_TIMEOUT_MS } from './idleHttp'
import { mkdirp, removeTree } from './readTree'
import { repoVerdict } from './repoRetry'
import type { RepoSource } from './source'
import type { FetchProgress, RepoFile, RepoFs } from './types'
import { unpackRecord } from './unpackRecord'

export class RecordRestrictedError extends AppError {
  constructor(url: string, detail: string) {
    super('RECORD_RESTRICTED', `${url}: ${detail}`, { url, detail })
  }
}

export interface ZenodoOptions {
  fs: RepoFs
  fetch: typeof fetch
  /** `https://zenodo.org/api` or a compatible server. */
  apiUrl: string
  /** The record (or concept) id the DOI names. */
  recordId: string
  maxBytes: number
  idleTimeoutMs?: number
  retry?: RetryOptions
}

interface FileEntry {
  key: string
  size?: number
  content: string
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null

/** The record's own id, from a record's JSON (a number on Zenodo, a string on other InvenioRDM sites). */
function idOf(rec: unknown): string | undefined {
  const id = isObject(rec) ? rec.id : undefined
  return typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)) ? String(id) : undefined
}

export function zenodoSource(o: ZenodoOptions): RepoSource {
  const recordUrl = (id: string) => `${o.apiUrl}/records/${encodeURIComponent(id)}`

  async function getOnce(url: string, accept: string): Promise<Uint8Array> {
    const { body } = await stallFetch(o.fetch, url, {
      idleTimeoutMs: o.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
      init: { headers: { accept } },
      refuse(res) {
        if (res.status === 404 || res.status === 410) throw new RepoNotFoundError(url, res.status)
        if (res.status === 401 || res.status === 403)
          throw new RecordRestrictedError(url, `HTTP ${res.status}: the record's files are not open to everyone`)
        // 429 (Zenodo's rate limit, with Retry-After) and 5xx are retried by the shared rules.
      },
    })
    return body
  }

  // An answer that does not parse may be a body cut short: retried like a cut connection.
  const json = (url: string): Promise<unknown> =>
    withRetry(
      async () => {
        const text = new TextDecoder().decode(await getOnce(url, 'application/json'))
        try {
          return JSON.parse(text) as unknown
        } catch {
          throw new RepoUnreachableError(url, 'the answer is not JSON (cut short?)')
        }
      },
      repoVerdict,
      o.retry,
    )

  /** The record for an id: the version itself, or a concept's latest version. */
  async function recordFor(id: string): Promise<Record<string, unknown>> {
    try {
      const rec = await json(recordUrl(id))
      if (isObject(rec) && idOf(rec)) return rec
      throw new RepoUnreachableError(recordUrl(id), 'the answer is not a record')
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'REPO_NOT_FOUND')) throw e
      const search = `${o.apiUrl}/records?q=${encodeURIComponent(`conceptrecid:${id}`)}&size=1`
      const found = await json(search)
      const hits = isObject(found) && isObject(found.hits) && Array.isArray(found.hits.hits) ? found.hits.hits : []
      const latest: unknown = hits[0]
      if (isObject(latest) && idOf(latest)) return latest
      throw e
    }
  }

  async function entriesOf(rec: Record<string, unknown>, id: string): Promise<FileEntry[]> {
    const links = isObject(rec.links) ? rec.links : {}
    const filesUrl = typeof links.files === 'string' ? links.files : `${recordUrl(id)}/files`
    const listing = await json(filesUrl)
    if (!isObject(listing)) throw new RepoUnreachableError(filesUrl, 'the file listing is not JSON')
    // `enabled: false` is a metadata-only record; restricted records list no entries to the public.
    if (listing.enabled === false) throw new RecordRestrictedError(filesUrl, 'the record has no files (metadata only)')
    const raw = Array.isArray(listing.entries) ? listing.entries : []
    const entries: FileEntry[] = []
    for (const e of raw) {
      if (!isObject(e) || typeof e.key !== 'string' || !isObject(e.links)) continue
      const content = typeof e.links.content === 'string' ? e.links.content : undefined
      if (!content) continue
      const reason = unsafePathReason(e.key)
      if (reason) throw new AppError('UNSAFE_PATH', `${filesUrl}: file ${JSON.stringify(e.key)} ${reason}`, { reason })
      entries.push({ key: e.key, size: typeof e.size === 'number' ? e.size : undefined, content })
    }
    if (entries.length === 0) throw new RecordRestrictedError(filesUrl, 'no file of the record can be downloaded')
    return entries
  }

  return {
    url: recordUrl(o.recordId),
    async lookup(ref) {
      const rec = await recordFor(o.recordId)
      return { kind: 'ref', name: ref, sha: idOf(rec) ?? o.recordId }
    },
    async download(dir, target, onProgress) {
      const id = target.kind === 'ref' ? target.sha : target.prefix
      const rec = await recordFor(id)
      const version = idOf(rec) ?? id
      const entries = await entriesOf(rec, version)
      const total = entries.reduce((n, e) => n + (e.size ?? 0), 0)
      // The listing gives every size up front, so a huge record is refused before any download.
      if (total > o.maxBytes) throw new RepoTooLargeError(recordUrl(version), total, o.maxBytes)
      const files = await fetchAll(entries, onProgress)
      await removeTree(o.fs, dir)
      try {
        await mkdirp(o.fs, dir)
        for (const f of unpackRecord(files)) {
          const parent = f.path.split('/').slice(0, -1).join('/')
          await mkdirp(o.fs, parent ? `${dir}/${parent}` : dir)
          await o.fs.promises.writeFile(`${dir}/${f.path}`, f.data)
        }
      } catch (e) {
        await removeTree(o.fs, dir).catch(() => undefined)
        throw e
      }
      return version
    },
  }

  async function fetchAll(entries: FileEntry[], onProgress?: (p: FetchProgress) => void): Promise<RepoFile[]> {
    const out: RepoFile[] = []
    let bytes = 0
    for (const e of entries) {
      const data = await withRetry(
        async () => {
          const got = await getOnce(e.content, '*/*')
          // A body shorter than the listing's size was cut short: retried like a cut connection.
          if (e.size !== undefined && got.byteLength !== e.size)
            throw new RepoUnreachableError(e.content, `got ${got.byteLength} of ${e.size} bytes`)
          return got
        },
        repoVerdict,
        o.retry,
      )
      bytes += data.byteLength
      if (bytes > o.maxBytes) throw new RepoTooLargeError(o.apiUrl, bytes, o.maxBytes)
      out.push({ path: e.key, data })
      onProgress?.({ phase: 'receiving', loaded: out.length, total: entries.length, bytes })
    }
    return out
  }
}
