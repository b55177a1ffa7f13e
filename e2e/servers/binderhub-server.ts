// A local server speaking BinderHub's build API (GET /build/<provider>/<spec> as text/event-stream,
// https://binderhub.readthedocs.io/en/latest/api.html), for tests of Quire's hand-off to a hub.
// The repository name picks the scenario: names containing "fail" fail to build, "drop" cut the
// stream mid-build, anything else builds and becomes ready with a server URL and token.
import { createServer, type ServerResponse } from 'node:http'

export interface BinderHubServer {
  url: string
  /** Build requests seen, as `<provider>/<spec>` paths. */
  builds: string[]
  stop(): Promise<void>
}

const TOKEN = 'test-token-123'

function send(res: ServerResponse, data: object): void {
  res.write(`data: ${JSON.stringify(data)}\n\n`)
}

export async function startBinderHubServer(opts: { port?: number; stepMs?: number } = {}): Promise<BinderHubServer> {
  const step = opts.stepMs ?? 60
  const builds: string[] = []
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*')
    const url = new URL(req.url ?? '/', 'http://x')
    const build = /^\/build\/(.+)$/.exec(url.pathname)
    if (build) {
      builds.push(decodeURIComponent(build[1]))
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      const name = build[1].toLowerCase()
      const events: object[] = [
        { phase: 'waiting', message: 'Waiting for build to start...\n' },
        { phase: 'fetching', message: 'Fetching repository...\n' },
        { phase: 'building', message: 'Step 1/3 : FROM docker.io/library/buildpack-deps:jammy\n' },
        { phase: 'building', message: 'Step 2/3 : RUN apt-get install -y r-base\n' },
      ]
      if (name.includes('fail'))
        events.push({ phase: 'failed', message: 'E: Unable to locate package r-base-nonexistent\n' })
      else if (!name.includes('drop')) {
        events.push(
          { phase: 'built', message: 'Built image, launching...\n' },
          { phase: 'launching', message: 'Launching server...\n' },
        )
        events.push({
          phase: 'ready',
          message: 'server running\n',
          url: `${serverUrl}/user/test-user/`,
          token: TOKEN,
          image: 'test/image:1',
        })
      }
      let i = 0
      const tick = setInterval(() => {
        // Heartbeat comments, as BinderHub sends to keep proxies from closing the stream.
        res.write(':heartbeat\n\n')
        if (i < events.length) send(res, events[i++])
        else {
          clearInterval(tick)
          if (name.includes('drop')) res.socket?.destroy()
          else res.end()
        }
      }, step)
      req.on('close', () => clearInterval(tick))
      return
    }
    if (url.pathname.startsWith('/user/')) {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(
        `<!doctype html><title>Hub server</title><h1>Jupyter server on the hub</h1><p id="path">${url.pathname}</p><p id="token">${url.searchParams.get('token') ?? ''}</p>`,
      )
      return
    }
    if (url.pathname.startsWith('/v2/')) {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(
        `<!doctype html><title>BinderHub</title><h1>BinderHub launch page</h1><p id="spec">${url.pathname}${url.search}</p>`,
      )
      return
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok))
  const serverUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  return {
    url: serverUrl,
    builds,
    stop: () =>
      new Promise((ok) => {
        server.closeAllConnections()
        server.close(() => ok())
      }),
  }
}
