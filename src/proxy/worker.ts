// The proxy as a Cloudflare Worker (README: "Run your own proxy"). `ALLOW` (comma-separated hosts)
// overrides the default allow-list; immutable answers (named by a commit SHA) go to the edge cache.
import { createProxyHandler, DEFAULT_ALLOW, type ProxyCache } from './handler'

interface Env {
  ALLOW?: string
}

// Workers' `caches.default`, typed here so the site's DOM types need not know it.
const edgeCache = (): ProxyCache | undefined => {
  const c = (globalThis as { caches?: { default?: Cache } }).caches?.default
  return c && { match: async (k) => c.match(k), put: (k, r) => c.put(k, r) }
}

export default {
  fetch(req: Request, env: Env): Promise<Response> {
    const allow = env.ALLOW ? env.ALLOW.split(',').map((h) => h.trim()) : DEFAULT_ALLOW
    return createProxyHandler({ allow, cache: edgeCache() })(req)
  },
}
