// A wheel's files inflated by the browser's own zlib. fflate reads the zip structure (its streaming
// `Unzip`), but its JavaScript inflate took about half a second for numpy's libraries alone in a
// snapshot restore; `DecompressionStream('deflate-raw')` (Chromium 103, Firefox 113, Safari 16.4,
// Node 18) is native and runs while Pyodide's core boots. Where it is missing, fflate inflates.
import { Unzip, UnzipInflate, UnzipPassThrough, type AsyncFlateStreamHandler, type UnzipDecoder } from 'fflate'

/** fflate's decoder interface over one DecompressionStream: the entry's bytes in, its content out. */
class NativeInflate implements UnzipDecoder {
  static compression = 8
  ondata: AsyncFlateStreamHandler = () => {}
  private readonly chunks: Uint8Array[] = []

  push(data: Uint8Array, final: boolean): void {
    // fflate may reuse `data` after this call: a copy is kept.
    this.chunks.push(data.slice())
    if (!final) return
    const inflated = new Blob(this.chunks as BlobPart[]).stream().pipeThrough(new DecompressionStream('deflate-raw'))
    new Response(inflated).arrayBuffer().then(
      (b) => this.ondata(null, new Uint8Array(b), true),
      // fflate's errors carry a code; 1 is its "invalid data" (a damaged entry is the likely cause).
      (err: unknown) => this.ondata(Object.assign(new Error(String(err)), { code: 1 }), new Uint8Array(0), true),
    )
  }
}

const hasNativeInflate = () => typeof DecompressionStream === 'function' && typeof Response === 'function'

/**
 * The files of a zip whose names `keep` accepts (folders never), by path; rejects on a damaged entry.
 * `native: false` forces fflate's inflate (tests compare the two).
 */
export function inflateZip(
  bytes: Uint8Array,
  keep: (name: string) => boolean = () => true,
  native = hasNativeInflate(),
): Promise<Map<string, Uint8Array>> {
  const pending: Array<Promise<[string, Uint8Array]>> = []
  const unzip = new Unzip((file) => {
    if (file.name.endsWith('/') || !keep(file.name)) return
    pending.push(
      new Promise((resolve, reject) => {
        const parts: Uint8Array[] = []
        file.ondata = (err, data, final) => {
          if (err) return reject(new Error(`${file.name}: ${err.message}`))
          parts.push(data)
          if (final) resolve([file.name, join(parts)])
        }
        file.start()
      }),
    )
  })
  unzip.register(UnzipPassThrough)
  unzip.register(native ? NativeInflate : UnzipInflate)
  // The whole archive is in memory: every entry is announced before push returns.
  unzip.push(bytes, true)
  return Promise.all(pending).then((entries) => new Map(entries))
}

function join(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
