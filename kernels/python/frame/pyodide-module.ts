// Inside the isolation frame's worker, Pyodide's loader cannot import() pyodide.asm.mjs from the
// app's URL (a network request the opaque origin cannot make, and offline nothing answers it).
// The module's bytes come through the page's fetch instead and are imported from a blob URL,
// then handed to loadPyodide as `createPyodideModule`, which skips its own import.

import type { loadPyodide } from 'pyodide'

type CreateModule = NonNullable<NonNullable<Parameters<typeof loadPyodide>[0]>['createPyodideModule']>

// Only its being a function can be checked; its signature is Pyodide's own (the file is from its index).
const isCreateModule = (v: unknown): v is CreateModule => typeof v === 'function'

export async function importPyodideModule(fetchFile: typeof fetch, indexURL: string): Promise<CreateModule> {
  const url = new URL('pyodide.asm.mjs', indexURL.endsWith('/') ? indexURL : `${indexURL}/`).href
  const res = await fetchFile(url)
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  const blob = new Blob([await res.arrayBuffer()], { type: 'text/javascript' })
  // A data: worker (WebKit, worker-start.ts) cannot import a blob: URL of its opaque origin; a data: URL it can.
  const blobUrl = location.protocol === 'data:' ? await dataUrl(blob) : URL.createObjectURL(blob)
  try {
    const mod: unknown = await import(/* @vite-ignore */ blobUrl)
    const create: unknown = typeof mod === 'object' && mod !== null ? Reflect.get(mod, 'default') : undefined
    if (!isCreateModule(create)) throw new Error(`${url} exports no module factory`)
    return create
  } finally {
    URL.revokeObjectURL(blobUrl)
  }
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () =>
      typeof reader.result === 'string' ? resolve(reader.result) : reject(new Error('no data URL'))
    reader.onerror = () => reject(reader.error ?? new Error('the data URL could not be made'))
    reader.readAsDataURL(blob)
  })
}
