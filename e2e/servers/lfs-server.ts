// A stand-in for a Git LFS server, as git-lfs documents its Batch API
// (github.com/git-lfs/git-lfs/blob/main/docs/api/batch.md):
//   POST <endpoint>/objects/batch, Accept and Content-Type `application/vnd.git-lfs+json`,
//     { operation: 'download', transfers: ['basic'], objects: [{ oid, size }] }
//   → 200 { transfer: 'basic', objects: [{ oid, size, authenticated, actions: { download: { href, header,
//     expires_in } } }] }; an object the server lacks comes back with `error: { code: 404, message }`
//     in its entry (the request as a whole still answers 200); a wrong Accept is 406 with { message }.
//   GET <href> with the action's `header` → the object's bytes (the "basic" transfer adapter,
//   docs/api/basic-transfers.md); without the header, 401 here (as a signed URL would refuse).
// CORS `*` like the git server stand-in; GitHub's own LFS endpoint sends none (so a proxy is needed there).
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'

export interface LfsServer {
  url: string
  /** The endpoint a repository names in `.lfsconfig` (`[lfs] url = …`). */
  endpoint: string
  requests: string[]
  /** Stores an object; returns the pointer file git-lfs commits in its place. */
  addObject(bytes: Uint8Array): { oid: string; size: number; pointer: string }
  stop(): Promise<void>
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'accept, content-type, authorization',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
}
const MEDIA = 'application/vnd.git-lfs+json'
const TOKEN = 'RemoteAuth lfs-test-token'

export async function startLfsServer(): Promise<LfsServer> {
  const objects = new Map<string, Uint8Array>()
  const requests: string[] = []
  let base = ''
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    requests.push(`${req.method} ${url.pathname}`)
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end()
    const json = (status: number, body: unknown) =>
      void res.writeHead(status, { ...CORS, 'content-type': MEDIA }).end(JSON.stringify(body))
    if (req.method === 'POST' && url.pathname === '/lfs/objects/batch') {
      if (!String(req.headers.accept ?? '').includes(MEDIA)) return json(406, { message: 'Not Acceptable' })
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { objects: { oid: string; size: number }[] }
      return json(200, {
        transfer: 'basic',
        objects: body.objects.map(({ oid, size }) =>
          objects.has(oid)
            ? {
                oid,
                size,
                authenticated: true,
                actions: {
                  download: { href: `${base}/objects/${oid}`, header: { Authorization: TOKEN }, expires_in: 3600 },
                },
              }
            : { oid, size, error: { code: 404, message: 'Object does not exist' } },
        ),
      })
    }
    const obj = /^\/objects\/([0-9a-f]{64})$/.exec(url.pathname)
    if (req.method === 'GET' && obj) {
      if (req.headers.authorization !== TOKEN) return json(401, { message: 'Credentials needed' })
      const bytes = objects.get(obj[1])
      if (!bytes) return json(404, { message: 'Object does not exist' })
      return void res.writeHead(200, { ...CORS, 'content-type': 'application/octet-stream' }).end(bytes)
    }
    return json(404, { message: 'Not found' })
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('lfs server: no TCP address')
  base = `http://127.0.0.1:${address.port}`
  return {
    url: base,
    endpoint: `${base}/lfs`,
    requests,
    addObject(bytes) {
      const oid = createHash('sha256').update(bytes).digest('hex')
      objects.set(oid, bytes)
      const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${bytes.byteLength}\n`
      return { oid, size: bytes.byteLength, pointer }
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((ok) => server.close(() => ok()))
    },
  }
}
