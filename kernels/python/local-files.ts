// Pyodide's lock packages the launch already fetched and verified (src/prepare/pyodideFiles.ts)
// arrive with `init`; Pyodide's loadPackage then fetches their URLs as usual and gets these bytes
// here, so no package is downloaded twice and a blocked host cannot fail inside a cell.

type Fetch = typeof fetch

export function withLocalFiles(inner: Fetch) {
  const files = new Map<string, Uint8Array>()
  const local: Fetch = async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
    const raw = input instanceof Request ? input.url : String(input)
    let href: string | undefined
    try {
      href = new URL(raw).href
    } catch {
      href = undefined
    }
    const data = method === 'GET' && href !== undefined ? files.get(href) : undefined
    if (data === undefined || href === undefined) return inner(input, init)
    // Served once: Pyodide loads a package once, and the bytes need not stay in the worker's memory.
    files.delete(href)
    return new Response(new Uint8Array(data), {
      status: 200,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.byteLength) },
    })
  }
  return {
    fetch: local,
    add(list: ReadonlyArray<{ url: string; data: Uint8Array }> | undefined) {
      for (const f of list ?? []) files.set(new URL(f.url).href, f.data)
    },
    /** URLs handed over and not yet asked for. */
    pending: () => [...files.keys()],
  }
}
