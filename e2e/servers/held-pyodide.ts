// Pyodide's core files served from another origin, as a self-hoster's mirror or jsDelivr's CDN
// serves them (`https://cdn.jsdelivr.net/pyodide/v<version>/full/`: `Access-Control-Allow-Origin: *`
// and `Cross-Origin-Resource-Policy: cross-origin`, so a cross-origin isolated page may load them),
// with one difference for tests: `python_stdlib.zip` is held until `release()`, so a test can act
// while Python is still starting. Files come from node_modules/pyodide.
import { createServer, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

const CORE = fileURLToPath(new URL('../../node_modules/pyodide/', import.meta.url))
const TYPES: Record<string, string> = {
  mjs: 'text/javascript',
  js: 'text/javascript',
  wasm: 'application/wasm',
  json: 'application/json',
  zip: 'application/zip',
}

export interface HeldPyodide {
  /** The index URL to configure as `pyodideIndexUrl` (ends with `/`). */
  url: string
  /** How many times the held file was asked for since the last `hold()`. */
  heldRequests(): number
  /** Holds the file again (it starts held). */
  hold(): void
  release(): void
  stop(): Promise<void>
}

export async function startHeldPyodide(held = 'python_stdlib.zip'): Promise<HeldPyodide> {
  let release!: () => void
  let gate = new Promise<void>((ok) => (release = ok))
  let asked = 0
  const send = (res: ServerResponse, status: number, body: Uint8Array | string, type = 'text/plain') => {
    res.writeHead(status, {
      'Content-Type': type,
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    })
    res.end(body)
  }
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1))
    if (!/^[\w.-]+$/.test(name)) return send(res, 404, 'not found')
    void (async () => {
      if (name === held) {
        asked++
        await gate
      }
      const body = await readFile(CORE + name).catch(() => undefined)
      if (!body) return send(res, 404, 'not found')
      send(res, 200, body, TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream')
    })()
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    heldRequests: () => asked,
    hold: () => {
      asked = 0
      gate = new Promise<void>((ok) => (release = ok))
    },
    release: () => release(),
    stop: async () => {
      release()
      server.closeAllConnections()
      await new Promise((ok) => server.close(ok))
    },
  }
}
