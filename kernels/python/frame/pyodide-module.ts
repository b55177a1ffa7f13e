// Inside the isolation frame's worker, Pyodide's loader cannot import() pyodide.asm.mjs from the
// app's URL (a network request the opaque origin cannot make, and offline nothing answers it).
// The module's bytes come through the page's fetch instead and are imported from a blob URL,
// then handed to loadPyodide as `createPyodideModule`, which skips its own import.

import type { loadPyodide } from 'pyodide'
import { toBase64 } from '../../../src/shared/base64'

type CreateModule = NonNullable<NonNullable<Parameters<typeof loadPyodide>[0]>['createPyodideModule']>

// Only its being a function can be checked; its signature is Pyodide's own (the file is from its index).
const isCreateModule = (v: unknown): v is CreateModule => typeof v === 'function'

export async function importPyodideModule(fetchFile: typeof fetch, indexURL: string): Promise<CreateModule> {
  const url = new URL('pyodide.asm.mjs', indexURL.endsWith('/') ? indexURL : `${indexURL}/`).href
  const res = await fetchFile(url)
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  const bytes = await res.arrayBuffer()
  // A data: worker (WebKit, worker-start.ts) can neither import a blob: URL of its opaque origin nor
  // read a Blob back (FileReader: NotReadableError, WebKitGTK 2.50); a data: URL made from the bytes it can import.
  const blobUrl =
    location.protocol === 'data:'
      ? `data:text/javascript;base64,${toBase64(new Uint8Array(bytes))}`
      : URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }))
  try {
    const mod: unknown = await import(/* @vite-ignore */ blobUrl)
    const create: unknown = typeof mod === 'object' && mod !== null ? Reflect.get(mod, 'default') : undefined
    if (!isCreateModule(create)) throw new Error(`${url} exports no module factory`)
    return create
  } finally {
    URL.revokeObjectURL(blobUrl)
  }
}
