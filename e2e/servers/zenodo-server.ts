// A stand-in for Zenodo's REST API (https://developers.zenodo.org, Zenodo's InvenioRDM records API;
// the fields Quire reads are the ones repo2docker's contentproviders/zenodo.py reads), answering as
// Zenodo does, CORS included:
//   GET /api/records/<id>               → { id, conceptrecid, doi, metadata, links: { self, files } }
//   GET /api/records/<id>/files         → { enabled, entries: [{ key, size, checksum, links: { self, content } }] }
//   GET /api/records/<id>/files/<key>/content → the bytes (CORS on this /api path, zenodo/zenodo#2593)
//   GET /api/records?q=conceptrecid:<c> → { hits: { hits: [latest version], total } }
// Its awkward answers: a concept id asked as a record is 404 (zenodo/zenodo#2499); a deleted
// record is 410 Gone; a restricted record lists its files to nobody (`entries: []`) and a
// metadata-only one has `enabled: false`; `metadata.upload_type` may be null; and through
// `faults` any path can be cut, slowed or answered 429 with Retry-After (Zenodo's rate limit).
import { createHash } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import { createFaultSwitch, type FaultSwitch } from './faults'

export interface ZenodoRecord {
  /** The version's record id; its DOI is 10.5281/zenodo.<id>. */
  id: number
  /** The concept id shared by every version (its DOI always resolves to the latest). */
  conceptId: number
  files: Record<string, Uint8Array>
  access?: 'open' | 'restricted' | 'metadata-only'
  isDeleted?: boolean
}

export interface ZenodoServer {
  url: string
  /** Base for Quire's `zenodoApiUrl`. */
  apiUrl: string
  add(rec: ZenodoRecord): void
  /** Every request path so far. */
  requests: string[]
  faults: FaultSwitch
  stop(): Promise<void>
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'accept, content-type',
  'access-control-expose-headers': 'retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset',
}

export async function startZenodoServer(): Promise<ZenodoServer> {
  const records = new Map<number, ZenodoRecord>()
  const requests: string[] = []
  const faults = createFaultSwitch()
  let base = ''

  const json = (res: ServerResponse, status: number, body: unknown) =>
    void res.writeHead(status, { ...CORS, 'content-type': 'application/json' }).end(JSON.stringify(body))
  const notFound = (res: ServerResponse) =>
    json(res, 404, { status: 404, message: 'The persistent identifier does not exist.' })

  const recordJson = (r: ZenodoRecord) => ({
    id: r.id,
    recid: String(r.id),
    conceptrecid: String(r.conceptId),
    doi: `10.5281/zenodo.${r.id}`,
    conceptdoi: `10.5281/zenodo.${r.conceptId}`,
    metadata: { title: `Record ${r.id}`, upload_type: null, resource_type: { id: 'software' } },
    files: r.access === 'open' || r.access === undefined ? fileEntries(r) : [],
    links: {
      self: `${base}/api/records/${r.id}`,
      files: `${base}/api/records/${r.id}/files`,
      parent: `${base}/api/records/${r.conceptId}`,
    },
  })
  const fileEntries = (r: ZenodoRecord) =>
    Object.entries(r.files).map(([key, data]) => ({
      key,
      size: data.byteLength,
      checksum: `md5:${createHash('md5').update(data).digest('hex')}`,
      links: {
        self: `${base}/api/records/${r.id}/files/${encodeURIComponent(key)}`,
        content: `${base}/api/records/${r.id}/files/${encodeURIComponent(key)}/content`,
      },
    }))
  const latestOf = (concept: number) =>
    [...records.values()].filter((r) => r.conceptId === concept && !r.isDeleted).sort((a, b) => b.id - a.id)[0]

  const server = createServer(
    faults.wrap((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      requests.push(url.pathname + url.search)
      if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end()
      if (url.pathname === '/api/records') {
        const m = /^conceptrecid:"?(\d+)"?$/.exec(url.searchParams.get('q') ?? '')
        const latest = m ? latestOf(Number(m[1])) : undefined
        return json(res, 200, { hits: { hits: latest ? [recordJson(latest)] : [], total: latest ? 1 : 0 } })
      }
      const m = /^\/api\/records\/(\d+)(\/files(?:\/([^/]+)\/content)?)?$/.exec(url.pathname)
      const rec = m ? records.get(Number(m[1])) : undefined
      if (!m || !rec) return notFound(res)
      if (rec.isDeleted) return json(res, 410, { status: 410, message: 'The record has been deleted.' })
      if (!m[2]) return json(res, 200, recordJson(rec))
      const isOpen = rec.access === undefined || rec.access === 'open'
      if (!m[3])
        return json(res, 200, {
          enabled: rec.access !== 'metadata-only',
          entries: isOpen ? fileEntries(rec) : [],
          links: { self: `${base}/api/records/${rec.id}/files` },
        })
      if (!isOpen) return json(res, 403, { status: 403, message: 'Permission denied.' })
      const data = rec.files[decodeURIComponent(m[3])]
      if (!data) return notFound(res)
      res.writeHead(200, { ...CORS, 'content-type': 'application/octet-stream', 'content-length': data.byteLength })
      res.end(Buffer.from(data))
    }),
  )
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  return {
    url: base,
    apiUrl: `${base}/api`,
    add: (r) => void records.set(r.id, r),
    requests,
    faults,
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections()
        server.close(() => ok())
      }),
  }
}
