// Quire's snapshot bytes: a small header naming the shared libraries and lock packages the
// interpreter had loaded (dylib-snapshot.ts), then Pyodide's own snapshot unchanged. Bytes with no
// header are Pyodide's alone (made before issue 18) and restore the old way, without the trampoline.
import type { DylibMeta } from './dylib-snapshot'

// "QSN1": the version is in the magic, so a newer layout is refused, not misread.
const MAGIC = 0x314e5351
const HEADER = 8

export interface Envelope {
  meta: DylibMeta
  /** Pyodide's snapshot, 8-byte aligned within the buffer (Pyodide reads it as a Uint32Array). */
  pyodide: Uint8Array
}

export function encodeSnapshot(meta: DylibMeta, pyodide: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(meta))
  const offset = Math.ceil((HEADER + json.length) / 8) * 8
  const out = new Uint8Array(offset + pyodide.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, MAGIC, true)
  view.setUint32(4, json.length, true)
  out.set(json, HEADER)
  out.set(pyodide, offset)
  return out
}

/** The envelope, or undefined for bytes that are Pyodide's alone. Throws on a header it cannot read. */
export function decodeSnapshot(bytes: Uint8Array): Envelope | undefined {
  if (bytes.length < HEADER) return undefined
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== MAGIC) return undefined
  const length = view.getUint32(4, true)
  if (HEADER + length > bytes.length) throw new Error('snapshot header is cut short')
  const meta: unknown = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER, HEADER + length)))
  if (!isMeta(meta)) throw new Error('snapshot header is not a library list')
  const offset = Math.ceil((HEADER + length) / 8) * 8
  // A copy when the slice is not 4-aligned in memory (a view into a larger, odd-offset buffer).
  const body = bytes.subarray(offset)
  return { meta, pyodide: body.byteOffset % 8 === 0 ? body : body.slice() }
}

function isMeta(v: unknown): v is DylibMeta {
  if (typeof v !== 'object' || v === null) return false
  const libs: unknown = Reflect.get(v, 'libs')
  const packages: unknown = Reflect.get(v, 'packages')
  return (
    Array.isArray(libs) &&
    Array.isArray(packages) &&
    libs.every(
      (l: unknown) =>
        typeof l === 'object' &&
        l !== null &&
        typeof Reflect.get(l, 'name') === 'string' &&
        ['handle', 'memoryBase', 'tableBase'].every((k) => Number.isInteger(Reflect.get(l, k))),
    ) &&
    packages.every(
      (p: unknown) =>
        typeof p === 'object' &&
        p !== null &&
        ['name', 'fileName', 'sha256', 'installDir'].every((k) => typeof Reflect.get(p, k) === 'string'),
    )
  )
}

/** Length of the wasm memory inside Pyodide's snapshot: its header's word 1 is where the memory starts. */
export function heapLength(pyodide: Uint8Array): number {
  const start = new DataView(pyodide.buffer, pyodide.byteOffset, 8).getUint32(4, true)
  return pyodide.length - start
}
