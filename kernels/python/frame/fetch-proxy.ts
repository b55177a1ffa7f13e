// The worker in the isolation frame has an opaque origin and no service worker: it cannot read
// the app's files from the network offline, nor at all under COEP without CORS. So its fetches of
// Pyodide's own files (core, lock, packages) are answered by the page, which fetches them with
// its service worker (offline cache) and hands the bytes over. Only those URL prefixes are
// served: the page never fetches arbitrary URLs for code in the worker.
import { fetchWhole, type EarlyFetches } from './early-fetches'
import type { FetchReply, FetchRequest } from './messages'

type Fetch = typeof fetch

/** The URL, normalised (no `..` left to climb out of a prefix), if it lies under one of the prefixes. */
export function underPrefix(prefixes: Iterable<string>, url: string): string | undefined {
  let href: string
  try {
    href = new URL(url).href
  } catch {
    return undefined
  }
  return [...prefixes].some((p) => href.startsWith(p)) ? href : undefined
}

/**
 * Pyodide's folders named by a kernel request (`boot`, `init`, or any later one whose payload has
 * `indexURL`): both sides learn from the protocol itself which URLs the page serves.
 */
export function pyodideFolders(msg: { payload?: unknown }): string[] {
  const p = msg.payload
  if (typeof p !== 'object' || p === null) return []
  const index: unknown = Reflect.get(p, 'indexURL')
  const packages: unknown = Reflect.get(p, 'packageBaseUrl')
  if (typeof index !== 'string') return []
  // Pyodide fetches packages from the index folder when no package base is given.
  return [index, typeof packages === 'string' && packages ? packages : index].map((f) =>
    f.endsWith('/') ? f : `${f}/`,
  )
}

/** Worker side: a `fetch` that asks the page for URLs under the allowed prefixes. */
export function createFetchProxy(port: MessagePort, realFetch: Fetch) {
  const prefixes = new Set<string>()
  const waiting = new Map<number, (reply: FetchReply) => void>()
  let nextId = 1
  port.onmessage = (ev: MessageEvent<FetchReply>) => {
    waiting.get(ev.data.id)?.(ev.data)
    waiting.delete(ev.data.id)
  }
  const proxied: Fetch = async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
    const url = underPrefix(prefixes, input instanceof Request ? input.url : String(input))
    if (method !== 'GET' || url === undefined) return realFetch(input, init)
    const id = nextId++
    const reply = await new Promise<FetchReply>((resolve) => {
      waiting.set(id, resolve)
      const request: FetchRequest = { id, url, integrity: init?.integrity || undefined }
      port.postMessage(request)
    })
    // fetch rejects with a TypeError on network failure; callers (Pyodide) expect the same.
    if (!reply.ok) throw new TypeError(`Failed to fetch ${url}: ${reply.message}`)
    return new Response(reply.body, { status: reply.status, headers: { 'content-type': reply.contentType } })
  }
  return {
    fetch: proxied,
    /** Adds a folder (Pyodide's index URL, its package base URL) the page will serve. */
    allow(prefix: string | undefined) {
      if (prefix) prefixes.add(prefix.endsWith('/') ? prefix : `${prefix}/`)
    },
  }
}

/**
 * Page side: answers the worker's requests under the allowed prefixes with the page's fetch, or with
 * the answer `early` already fetched for that URL (the core files, fetched as the kernel was wanted).
 */
export function serveFetches(
  port: MessagePort,
  realFetch: Fetch,
  prefixes: ReadonlySet<string>,
  early?: EarlyFetches,
): void {
  port.onmessage = async (ev: MessageEvent<FetchRequest>) => {
    const { id, integrity } = ev.data
    let reply: FetchReply
    try {
      const url = typeof ev.data.url === 'string' ? underPrefix(prefixes, ev.data.url) : undefined
      if (url === undefined) throw new Error('not a Pyodide file')
      const isChecked = typeof integrity === 'string' && integrity !== ''
      // A request with an integrity check is fetched with it: the early fetch had none.
      const fetched =
        (isChecked ? undefined : await early?.take(url)) ??
        (await fetchWhole(realFetch, url, isChecked ? { integrity } : undefined))
      reply = { id, ok: true, ...fetched }
      port.postMessage(reply, [fetched.body])
    } catch (err) {
      reply = { id, ok: false, message: err instanceof Error ? err.message : String(err) }
      port.postMessage(reply)
    }
  }
}
