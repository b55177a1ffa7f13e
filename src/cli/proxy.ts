// `quire proxy`: the CORS proxy a school runs on its own server (src/proxy/handler.ts).
import { createProxyHandler, DEFAULT_ALLOW, memoryProxyCache } from '../proxy/handler'
import { serveProxy } from '../proxy/nodeServer'

export const PROXY_USAGE = `Usage: quire proxy [--port 8080] [--host 0.0.0.0] [--allow github.com,gitlab.com,…]

A CORS proxy for Quire: forwards git clones, GitHub API reads and raw files of the allowed hosts
(default: ${DEFAULT_ALLOW.join(', ')}), caching answers named by a commit SHA.
Set Quire's corsProxy to its URL.`

export async function runProxy(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) {
  let port = 8080
  let host = '0.0.0.0'
  let allow = DEFAULT_ALLOW
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`${PROXY_USAGE}\n`)
    return 0
  }
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, v] = [argv[i], argv[i + 1]]
    if (flag === '--port' && v) port = Number(v)
    else if (flag === '--host' && v) host = v
    else if (flag === '--allow' && v) allow = v.split(',').map((h) => h.trim())
    else {
      err.write(`quire proxy: unknown option ${flag}\n\n${PROXY_USAGE}\n`)
      return 2
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    err.write(`quire proxy: --port must be a port number\n`)
    return 2
  }
  const server = await serveProxy(createProxyHandler({ allow, cache: memoryProxyCache() }), port, host)
  // The port it got (--port 0 lets the system choose one).
  const bound = server.address()
  out.write(
    `Quire proxy on http://${host}:${typeof bound === 'object' && bound ? bound.port : port} for ${allow.join(', ')}\n`,
  )
  // Serves until stopped.
  return new Promise<number>(() => undefined)
}
