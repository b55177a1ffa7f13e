/**
 * A response body read whole, calling `touch` for every chunk (so a stall timer sees a slow but
 * moving transfer as alive) and `onProgress` with bytes so far and Content-Length when known.
 */
export async function readBody(
  res: Response,
  touch: () => void,
  onProgress?: (loaded: number, total?: number) => void,
): Promise<Uint8Array> {
  const length = Number(res.headers.get('content-length'))
  const total = Number.isFinite(length) && length > 0 ? length : undefined
  if (!res.body) return new Uint8Array(await res.arrayBuffer())
  const chunks: Uint8Array[] = []
  let loaded = 0
  for (const reader = res.body.getReader(); ;) {
    const { done, value } = await reader.read()
    if (done) break
    touch()
    chunks.push(value)
    loaded += value.length
    onProgress?.(loaded, total)
  }
  const bytes = new Uint8Array(loaded)
  let at = 0
  for (const c of chunks) {
    bytes.set(c, at)
    at += c.length
  }
  return bytes
}
