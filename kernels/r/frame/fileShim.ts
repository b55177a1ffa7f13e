// Runs first in webR's worker inside the isolation frame, before webr-worker.js itself (the frame
// prepends its source, r-frame-main.ts). webR reads its runtime from its base URL with
// importScripts (R.js), fetch (R.wasm, the .so libraries) and synchronous XMLHttpRequest (its
// lazy file system). Under `prefix` (a base URL that names no server) this answers all three from
// the bytes the frame posts as the worker's first message; every other URL (install.packages()
// from webR's repository) goes to the network as before.
//
// In a data: worker (WebKit) a Blob cannot be read back (FileReaderSync throws NotReadableError), yet
// webR mounts each package's library image (grDevices' at the first png(), say) on Emscripten's WORKERFS
// from a Blob of bytes it holds, and WORKERFS reads files with FileReaderSync: R died there mid-cell, with
// no message. There the shim remembers the bytes behind each Blob made from one buffer (and its slices),
// and FileReaderSync answers those from the bytes, as webR itself does in Node.
//
// The function is sent as source text (Function.prototype.toString), so it must use nothing
// from outside its own body.

export const FILES_MESSAGE = 'quire-webr-files'

export interface ShimScope {
  XMLHttpRequest: typeof XMLHttpRequest
  fetch: typeof fetch
  importScripts: (...urls: string[]) => void
  Blob?: typeof Blob
  FileReaderSync?: new () => { readAsArrayBuffer(blob: Blob): ArrayBuffer }
  addEventListener(type: 'message', fn: (ev: MessageEvent) => void): void
  removeEventListener(type: 'message', fn: (ev: MessageEvent) => void): void
}

export function installFileShim(scope: ShimScope, prefix: string, messageType: string, dataUrls = false): void {
  const files = new Map<string, ArrayBuffer>()
  const take = (ev: MessageEvent) => {
    const data: unknown = ev.data
    if (typeof data !== 'object' || data === null || Reflect.get(data, 'type') !== messageType) return
    const list: unknown = Reflect.get(data, 'files')
    if (list instanceof Map) for (const [k, v] of list) if (v instanceof ArrayBuffer) files.set(String(k), v)
    // webR's own message handler must not see this one.
    ev.stopImmediatePropagation()
    scope.removeEventListener('message', take)
  }
  scope.addEventListener('message', take)

  const local = (url: string | URL): ArrayBuffer | undefined => {
    const href = String(url)
    if (!href.startsWith(prefix)) return undefined
    const bytes = files.get(href.slice(prefix.length))
    if (!bytes) throw new TypeError(`webR asked for ${href}, which the page did not hand over`)
    return bytes
  }
  const mimeOf = (url: string) =>
    url.endsWith('.wasm') ? 'application/wasm' : url.endsWith('.js') ? 'text/javascript' : 'application/octet-stream'

  const realFetch = scope.fetch.bind(scope)
  scope.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    const bytes = local(url)
    if (!bytes) return realFetch(input, init)
    return Promise.resolve(new Response(bytes.slice(0), { status: 200, headers: { 'content-type': mimeOf(url) } }))
  }

  const realImport = scope.importScripts.bind(scope)
  scope.importScripts = (...urls) => {
    for (const url of urls) {
      const bytes = local(url)
      if (!bytes) {
        realImport(url)
        continue
      }
      // A data: worker (WebKit) cannot load a blob: URL: the script goes as a data: URL there.
      let bin = ''
      const view = new Uint8Array(bytes)
      if (dataUrls)
        for (let i = 0; i < view.length; i += 0x8000)
          bin += String.fromCharCode.apply(null, Array.from(view.subarray(i, i + 0x8000)))
      const scriptUrl = dataUrls
        ? `data:text/javascript;base64,${btoa(bin)}`
        : URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }))
      try {
        realImport(scriptUrl)
      } finally {
        if (!dataUrls) URL.revokeObjectURL(scriptUrl)
      }
    }
  }

  // A request for a local file is answered in place, synchronous or not; the rest is the real XHR.
  const RealXHR = scope.XMLHttpRequest
  class FileXHR extends RealXHR {
    private localUrl: string | undefined
    private localMethod = 'GET'
    private isAsync = true
    override open(method: string, url: string | URL, async = true, user?: string | null, pass?: string | null) {
      this.localUrl = String(url).startsWith(prefix) ? String(url) : undefined
      this.isAsync = async
      if (this.localUrl === undefined) super.open(method, url, async, user, pass)
      else this.localMethod = method.toUpperCase()
    }
    override setRequestHeader(name: string, value: string) {
      if (this.localUrl === undefined) super.setRequestHeader(name, value)
    }
    override overrideMimeType(mime: string) {
      if (this.localUrl === undefined) super.overrideMimeType(mime)
    }
    override send(body?: Document | XMLHttpRequestBodyInit | null) {
      if (this.localUrl === undefined) return super.send(body)
      let bytes: ArrayBuffer | undefined
      let status = 200
      try {
        bytes = local(this.localUrl)
      } catch {
        status = 404
      }
      const body2 = bytes && this.localMethod !== 'HEAD' ? bytes.slice(0) : new ArrayBuffer(0)
      const asText = () => new TextDecoder().decode(body2)
      const headers: Record<string, string> = bytes ? { 'content-length': String(bytes.byteLength) } : {}
      const define = (name: string, value: unknown) => Object.defineProperty(this, name, { value, configurable: true })
      define('readyState', 4)
      define('status', status)
      define('statusText', status === 200 ? 'OK' : 'Not Found')
      define('response', this.responseType === 'arraybuffer' ? body2 : asText())
      define('responseText', this.responseType === 'arraybuffer' ? '' : asText())
      define('responseURL', this.localUrl)
      define('getResponseHeader', (name: string) => headers[name.toLowerCase()] ?? null)
      define('getAllResponseHeaders', () =>
        Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join(''),
      )
      const fire = () => {
        for (const type of ['readystatechange', 'load', 'loadend']) this.dispatchEvent(new Event(type))
      }
      if (this.isAsync) setTimeout(fire)
      else fire()
    }
  }
  scope.XMLHttpRequest = FileXHR

  const RealBlob = scope.Blob
  const RealReader = scope.FileReaderSync
  if (!dataUrls || !RealBlob || !RealReader) return
  const bytesOf = new WeakMap<Blob, Uint8Array>()
  const remember = (blob: Blob, bytes: Uint8Array) => {
    bytesOf.set(blob, bytes)
    // An own `slice`, so a slice of a slice (WORKERFS reads a chunk of a file's slice) is known too.
    Object.defineProperty(blob, 'slice', {
      configurable: true,
      value: (start?: number, end?: number, type?: string) => {
        const part = RealBlob.prototype.slice.call(blob, start, end, type)
        const from =
          start === undefined ? 0 : start < 0 ? Math.max(bytes.length + start, 0) : Math.min(start, bytes.length)
        const to =
          end === undefined ? bytes.length : end < 0 ? Math.max(bytes.length + end, 0) : Math.min(end, bytes.length)
        remember(part, bytes.subarray(from, Math.max(from, to)))
        return part
      },
    })
    return blob
  }
  scope.Blob = class extends RealBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options)
      const only = parts?.length === 1 ? parts[0] : undefined
      if (only instanceof ArrayBuffer) remember(this, new Uint8Array(only))
      else if (ArrayBuffer.isView(only)) remember(this, new Uint8Array(only.buffer, only.byteOffset, only.byteLength))
    }
  }
  scope.FileReaderSync = class {
    readAsArrayBuffer(blob: Blob): ArrayBuffer {
      const bytes = bytesOf.get(blob)
      return bytes ? bytes.slice().buffer : new RealReader().readAsArrayBuffer(blob)
    }
  }
}
