// The static server `npm start` and the e2e tests use answers as a static host does: validators on every
// file, so a revalidation costs a 304 instead of the whole file again, and Pyodide's versioned core kept.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import type { AddressInfo, Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStaticServer } from './serve.mjs'

let server: Server
let base = ''
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'quire-serve-'))
  mkdirSync(join(root, 'pyodide', '314.0.7'), { recursive: true })
  writeFileSync(join(root, 'pyodide', '314.0.7', 'pyodide.asm.wasm'), new Uint8Array(4096))
  writeFileSync(join(root, 'config.json'), '{}')
  writeFileSync(join(root, 'index.html'), '<!doctype html>')
  server = (await startStaticServer({ root })) as unknown as Server
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((done) => server.close(() => done())))

describe('startStaticServer', () => {
  it('answers a revalidation with 304 and no body when the file is unchanged', async () => {
    const first = await fetch(`${base}/config.json`)
    const etag = first.headers.get('etag')
    expect(first.headers.get('cache-control')).toBe('no-cache')
    expect(first.headers.get('last-modified')).toBeTruthy()
    expect(etag).toMatch(/^W\/".+"$/)
    const again = await fetch(`${base}/config.json`, { headers: { 'if-none-match': etag ?? '' } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    const other = await fetch(`${base}/config.json`, { headers: { 'if-none-match': 'W/"other"' } })
    expect(other.status).toBe(200)
    expect(await other.text()).toBe('{}')
  })

  it("keeps Pyodide's core, in a folder named by its version, for good", async () => {
    const wasm = await fetch(`${base}/pyodide/314.0.7/pyodide.asm.wasm`)
    expect(wasm.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(wasm.headers.get('content-type')).toBe('application/wasm')
    expect((await wasm.arrayBuffer()).byteLength).toBe(4096)
    expect((await fetch(`${base}/v2/gh/a/b/main`)).headers.get('cache-control')).toBe('no-cache')
  })
})
