// The shim webR's worker starts with in the R frame, exercised on a stand-in worker scope: an
// EventTarget with fetch, importScripts and an XMLHttpRequest that records what reached "the network".
import { describe, expect, it } from 'vitest'
import { FILES_MESSAGE, installFileShim, type ShimScope } from './fileShim'

const PREFIX = 'about:quire-webr/'
const enc = (s: string) => new TextEncoder().encode(s).buffer

/** WebKit's FileReaderSync in a data: worker: every Blob is unreadable (NotReadableError). */
class UnreadableReader {
  readAsArrayBuffer(): ArrayBuffer {
    throw new DOMException('The operation failed', 'NotReadableError')
  }
}

function scopeWithShim(dataUrls = false) {
  const network: string[] = []
  const imported: string[] = []
  class NetworkXHR extends EventTarget {
    responseType: XMLHttpRequestResponseType = ''
    open(_method: string, url: string | URL) {
      network.push(String(url))
    }
    setRequestHeader() {}
    overrideMimeType() {}
    send() {}
  }
  const target = new EventTarget()
  const scope = Object.assign(target, {
    XMLHttpRequest: NetworkXHR as unknown as typeof XMLHttpRequest,
    fetch: (async (input: RequestInfo | URL) => {
      network.push(String(input))
      return new Response('net')
    }) as typeof fetch,
    importScripts: (...urls: string[]) => void imported.push(...urls),
    Blob,
    FileReaderSync: UnreadableReader,
  }) as EventTarget & ShimScope
  installFileShim(scope, PREFIX, FILES_MESSAGE, dataUrls)
  // What webR's own handler would see after the shim's.
  const seen: unknown[] = []
  scope.addEventListener('message', (ev) => seen.push((ev as MessageEvent).data))
  const files = new Map([
    ['R.wasm', enc('wasm bytes')],
    ['vfs/etc/fonts/fonts.conf', enc('<fontconfig/>')],
  ])
  scope.dispatchEvent(new MessageEvent('message', { data: { type: FILES_MESSAGE, files } }))
  scope.dispatchEvent(new MessageEvent('message', { data: { type: 'init' } }))
  return { scope, network, imported, seen }
}

describe("the R frame's file shim in webR's worker", () => {
  it('takes the files message for itself; webR sees the messages after it', () => {
    expect(scopeWithShim().seen).toEqual([{ type: 'init' }])
  })

  it('answers synchronous HEAD and GET requests under the prefix as Emscripten’s lazy files make them', () => {
    const { scope, network } = scopeWithShim()
    const head = new scope.XMLHttpRequest()
    head.open('HEAD', `${PREFIX}vfs/etc/fonts/fonts.conf`, false)
    head.send(null)
    expect([head.status, head.getResponseHeader('Content-length'), head.getResponseHeader('Accept-Ranges')]).toEqual([
      200,
      '13',
      null,
    ])
    const get = new scope.XMLHttpRequest()
    get.open('GET', `${PREFIX}vfs/etc/fonts/fonts.conf`, false)
    get.responseType = 'arraybuffer'
    get.send(null)
    expect(new TextDecoder().decode(get.response as ArrayBuffer)).toBe('<fontconfig/>')
    expect(network).toEqual([])
  })

  it('fires load for an asynchronous request, and answers 404 for a file it was not given', async () => {
    const { scope } = scopeWithShim()
    const xhr = new scope.XMLHttpRequest()
    xhr.open('GET', `${PREFIX}vfs/missing`)
    // (The stand-in is a bare EventTarget, so no `onload` attribute: a listener, as a real XHR also fires.)
    const loaded = new Promise<number>((resolve) => xhr.addEventListener('load', () => resolve(xhr.status)))
    xhr.send()
    expect(await loaded).toBe(404)
  })

  it('serves fetch (R.wasm as application/wasm) and leaves other URLs to the network', async () => {
    const { scope, network } = scopeWithShim()
    const wasm = await scope.fetch(`${PREFIX}R.wasm`)
    expect(wasm.headers.get('content-type')).toBe('application/wasm')
    expect(await wasm.text()).toBe('wasm bytes')
    expect(await (await scope.fetch('https://repo.r-wasm.org/bin/PACKAGES')).text()).toBe('net')
    const repo = new scope.XMLHttpRequest()
    repo.open('GET', 'https://repo.r-wasm.org/bin/x.tgz', false)
    expect(network).toEqual(['https://repo.r-wasm.org/bin/PACKAGES', 'https://repo.r-wasm.org/bin/x.tgz'])
  })

  it('imports a script under the prefix from a blob of its bytes, others as asked', () => {
    const { scope, imported } = scopeWithShim()
    expect(() => scope.importScripts(`${PREFIX}R.js`)).toThrow(/did not hand over/)
    scope.importScripts(`${PREFIX}R.wasm`, 'https://cdn.example/x.js')
    expect(imported[0]).toMatch(/^blob:/)
    expect(imported[1]).toBe('https://cdn.example/x.js')
  })

  it('in a data: worker (WebKit, which loads no blob: URL there) imports it from a data: URL of its bytes', () => {
    const { scope, imported } = scopeWithShim(true)
    scope.importScripts(`${PREFIX}R.wasm`)
    const [head, b64] = imported[0].split(',')
    expect(head).toBe('data:text/javascript;base64')
    expect(atob(b64)).toBe('wasm bytes')
  })

  it("in a data: worker, Emscripten's WORKERFS reads webR's library images from their bytes, not the Blob", () => {
    const { scope } = scopeWithShim(true)
    const MountBlob = scope.Blob ?? Blob
    const Reader = scope.FileReaderSync ?? UnreadableReader
    // As webR mounts an image: a Blob of the whole data, a slice per file, and WORKERFS reads chunks of a file.
    const image = new MountBlob([enc('0123456789abcdef')])
    const file = image.slice(4, 12)
    expect(file.size).toBe(8)
    const chunk = file.slice(2, 100)
    expect(new TextDecoder().decode(new Reader().readAsArrayBuffer(chunk))).toBe('6789ab')
    expect(new TextDecoder().decode(new Reader().readAsArrayBuffer(image.slice(-3)))).toBe('def')
    // Still a real Blob for everyone else, and a Blob of several parts goes to the browser's reader.
    expect(chunk).toBeInstanceOf(Blob)
    expect(() => new Reader().readAsArrayBuffer(new MountBlob(['a', 'b']))).toThrow(/failed/)
  })

  it('elsewhere leaves Blob and FileReaderSync as the browser made them', () => {
    const { scope } = scopeWithShim(false)
    expect(scope.Blob).toBe(Blob)
    expect(scope.FileReaderSync).toBe(UnreadableReader)
  })
})
