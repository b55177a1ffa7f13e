// The proxy deployers run themselves (issue 19): one handler on the Fetch API's Request and
// Response, so the same code runs under Node (`npx quire proxy`, src/cli/proxy.ts) and as a
// Cloudflare Worker (src/proxy/worker.ts). URLs are isomorphic-git's `corsProxy` form,
// `<proxy>/<host>/<path>`, the form @isomorphic-git/cors-proxy answers too.

export interface ProxyOptions {
  /** Hosts that may be reached; anything else is 403. */
  allow: string[]
  /** How an allowed host is reached: `https://<host>` normally; tests point hosts at local servers. */
  upstreamOf?: (host: string) => string
  /** Largest request body accepted (an upload-pack negotiation), bytes. */
  maxRequestBytes?: number
  /** A request whose upstream has not answered within this is given up (504). */
  timeoutMs?: number
  /** Answers that name a full commit SHA never change: kept here, so a class's 30 launches cost GitHub one. */
  cache?: ProxyCache
  fetch?: typeof fetch
}

export interface ProxyCache {
  match(key: string): Promise<Response | undefined>
  put(key: string, res: Response): Promise<void>
}

export const DEFAULT_ALLOW = [
  'github.com',
  'api.github.com',
  'raw.githubusercontent.com',
  'gist.github.com',
  'gist.githubusercontent.com',
  'gitlab.com',
  'codeberg.org',
  'bitbucket.org',
]

const CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'accept, authorization, content-type, git-protocol, user-agent, x-http-method-override',
  'access-control-expose-headers':
    'content-type, content-length, etag, link, location, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, x-ratelimit-used, x-redirected-url',
}
// Headers passed on to the upstream; cookies and the page's origin are not.
const FORWARD = ['accept', 'authorization', 'content-type', 'git-protocol', 'user-agent']
const KEEP = ['content-type', 'content-length', 'etag', 'link', 'retry-after', 'cache-control', 'last-modified']

/**
 * Only what a Quire launch needs: git smart-HTTP (ref advertisement and upload-pack, never
 * receive-pack), GitHub's REST API reads of repositories and gists, and raw file bodies.
 */
export function isAllowedPath(host: string, path: string, search: string, method: string): boolean {
  if (/(^|\/)\.\.(\/|$)/.test(path)) return false
  // git-lfs's Batch API (github.com/git-lfs/git-lfs/blob/main/docs/api/batch.md) asks where LFS objects are.
  if (method === 'POST') return /\/git-upload-pack$/.test(path) || /\.git\/info\/lfs\/objects\/batch$/.test(path)
  if (method !== 'GET') return false
  if (/\/info\/refs$/.test(path)) return new URLSearchParams(search).get('service') === 'git-upload-pack'
  if (host === 'api.github.com') return /^\/(repos\/[^/]+\/[^/]+|gists\/[0-9a-f]+)(\/|$)/.test(path)
  if (host === 'raw.githubusercontent.com' || host === 'gist.githubusercontent.com') return true
  return false
}

const text = (status: number, body: string, extra: Record<string, string> = {}) =>
  new Response(body, { status, headers: { ...CORS, 'content-type': 'text/plain; charset=utf-8', ...extra } })

/** A GET naming a full commit SHA (raw/<o>/<r>/<sha>/…, commits/<sha>, git/trees/<sha>) answers the same for ever. */
const isImmutable = (method: string, path: string) =>
  method === 'GET' && /\/[0-9a-f]{40}(\/|$|\?)/.test(path) && !/\/info\/refs$/.test(path)

export function createProxyHandler(o: ProxyOptions): (req: Request) => Promise<Response> {
  const allow = new Set(o.allow.map((h) => h.toLowerCase()))
  const upstreamOf = o.upstreamOf ?? ((host: string) => `https://${host}`)
  const maxBytes = o.maxRequestBytes ?? 4 * 1024 * 1024
  const doFetch = o.fetch ?? fetch

  return async function handle(req: Request): Promise<Response> {
    if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS })
    const url = new URL(req.url)
    const m = /^\/([^/]+)(\/.*)$/.exec(url.pathname)
    if (!m) return text(400, 'Use <proxy>/<host>/<path>, as isomorphic-git’s corsProxy does.')
    const host = m[1].toLowerCase()
    const path = m[2]
    if (!allow.has(host)) return text(403, `${host} is not among the hosts this proxy serves.`)
    if (!isAllowedPath(host, path, url.search, req.method))
      return text(
        403,
        `This proxy forwards only git clones, GitHub API reads and raw files, not ${req.method} ${path}.`,
      )
    const length = Number(req.headers.get('content-length') ?? 0)
    if (length > maxBytes) return text(413, `A request body over ${maxBytes} bytes is refused.`)

    const key = `https://quire-proxy.invalid/${host}${path}${url.search}`
    const immutable = isImmutable(req.method, path + url.search) && !req.headers.has('authorization')
    if (immutable && o.cache) {
      const hit = await o.cache.match(key)
      if (hit) return withCors(hit, { 'x-quire-proxy-cache': 'hit' })
    }
    const headers = new Headers()
    for (const h of FORWARD) {
      const v = req.headers.get(h)
      if (v) headers.set(h, v)
    }
    const body = req.method === 'POST' ? await boundedBody(req, maxBytes) : undefined
    if (body === null) return text(413, `A request body over ${maxBytes} bytes is refused.`)

    const signal = AbortSignal.timeout(o.timeoutMs ?? 60_000)
    let target = `${upstreamOf(host)}${path}${url.search}`
    let res: Response
    try {
      // Redirects followed here (a renamed repository answers 301), each hop held to the allow-list.
      for (let hop = 0; ; hop++) {
        res = await doFetch(target, { method: req.method, headers, body, redirect: 'manual', signal })
        const location = res.headers.get('location')
        if (res.status < 300 || res.status >= 400 || !location) break
        const next = new URL(location, target)
        const nextHost = hostFor(next, upstreamOf, allow)
        if (hop >= 5 || !nextHost)
          return text(502, `The upstream redirected to ${next.href}, which this proxy does not serve.`)
        target = next.href
      }
    } catch (e) {
      const isTimeout = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')
      return text(isTimeout ? 504 : 502, `${host} did not answer: ${e instanceof Error ? e.message : String(e)}`)
    }
    const out = new Headers(CORS)
    for (const h of KEEP) {
      const v = res.headers.get(h)
      if (v) out.set(h, v)
    }
    if (target !== `${upstreamOf(host)}${path}${url.search}`) out.set('x-redirected-url', target)
    // Streamed through: a pack reaches the page as it arrives.
    const answer = new Response(res.body, { status: res.status, headers: out })
    if (immutable && o.cache && res.status === 200) {
      const [a, b] = answer.body ? answer.body.tee() : [null, null]
      // Kept for good whatever the upstream said (raw.githubusercontent.com says max-age=300): the key names a
      // commit. A Worker's Cache API keeps an answer only as long as its Cache-Control allows.
      const stored = new Headers(out)
      stored.set('cache-control', 'public, max-age=31536000, immutable')
      await o.cache.put(key, new Response(b, { status: 200, headers: stored }))
      return new Response(a, { status: 200, headers: out })
    }
    return answer
  }
}

/** The host a redirect leads to, if it is one this proxy serves (local upstreams map back by origin). */
function hostFor(next: URL, upstreamOf: (h: string) => string, allow: Set<string>): string | undefined {
  for (const h of allow) if (new URL(upstreamOf(h)).origin === next.origin) return h
  return undefined
}

function withCors(res: Response, extra: Record<string, string>): Response {
  const headers = new Headers(res.headers)
  for (const [k, v] of Object.entries({ ...CORS, ...extra })) headers.set(k, v)
  return new Response(res.body, { status: res.status, headers })
}

/** The request body, or null past `max` bytes (a body without Content-Length is counted as it comes). */
async function boundedBody(req: Request, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!req.body) return new Uint8Array()
  const chunks: Uint8Array[] = []
  let n = 0
  for (const reader = req.body.getReader(); ;) {
    const { done, value } = await reader.read()
    if (done) break
    n += value.byteLength
    if (n > max) return null
    chunks.push(value)
  }
  const out = new Uint8Array(n)
  let at = 0
  for (const c of chunks) out.set(c, (at += c.byteLength) - c.byteLength)
  return out
}

/** An in-memory cache of immutable answers for the Node proxy, oldest out past `maxBytes`. */
export function memoryProxyCache(maxBytes = 256 * 1024 * 1024): ProxyCache {
  const entries = new Map<string, { body: Uint8Array; status: number; headers: [string, string][] }>()
  let total = 0
  return {
    async match(key) {
      const e = entries.get(key)
      if (!e) return undefined
      entries.delete(key)
      entries.set(key, e)
      return new Response(e.body.slice(), { status: e.status, headers: e.headers })
    },
    async put(key, res) {
      const body = new Uint8Array(await res.arrayBuffer())
      if (body.byteLength > maxBytes) return
      entries.set(key, { body, status: res.status, headers: [...res.headers] })
      total += body.byteLength
      for (const [k, v] of entries) {
        if (total <= maxBytes) break
        entries.delete(k)
        total -= v.body.byteLength
      }
    },
  }
}
