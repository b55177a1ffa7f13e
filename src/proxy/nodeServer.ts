// The proxy handler behind Node's http server (`npx quire proxy`): requests become Fetch API
// Requests, answers stream back as they arrive.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'

export function serveProxy(
  handle: (req: Request) => Promise<Response>,
  port: number,
  host = '0.0.0.0',
): Promise<Server> {
  const server = createServer((req, res) => {
    void toRequest(req, port)
      .then(handle)
      .then(async (answer) => {
        res.writeHead(answer.status, Object.fromEntries(answer.headers))
        if (!answer.body) return void res.end()
        Readable.fromWeb(answer.body as NodeReadableStream)
          .on('error', () => res.destroy())
          .pipe(res)
      })
      .catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(`proxy error: ${e instanceof Error ? e.message : String(e)}\n`)
      })
  })
  return new Promise((ok, fail) => {
    server.once('error', fail)
    server.listen(port, host, () => ok(server))
  })
}

async function toRequest(req: IncomingMessage, port: number): Promise<Request> {
  const headers = new Headers()
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
  const hasBody = req.method === 'POST'
  return new Request(`http://localhost:${port}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // Node's fetch needs this for a streamed request body.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit)
}
