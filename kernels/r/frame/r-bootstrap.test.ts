import { describe, expect, it } from 'vitest'
import { fromBase64 } from '../../../src/shared/base64'
import { R_BOOTSTRAP } from './r-bootstrap'

/** Runs R_BOOTSTRAP as a worker of the given URL kind would; returns what it imports, posts and hands over. */
async function runBootstrap(protocol: 'blob:' | 'data:', globals: Record<string, unknown> = {}) {
  const imported: string[] = []
  const posted: unknown[] = []
  const self: Record<string, unknown> = {}
  const scope: Record<string, unknown> = {
    location: { protocol },
    postMessage: (m: unknown) => posted.push(m),
    btoa,
    URL: { createObjectURL: () => 'blob:null/r-host' },
    Blob,
    ...globals,
  }
  const run = new Function(
    'self',
    ...Object.keys(scope),
    'importUrl',
    `${R_BOOTSTRAP.replaceAll('import(', 'importUrl(')}
    return onmessage`,
  )
  const importUrl = (url: string) => (imported.push(url), Promise.resolve())
  const onmessage = run(self, ...Object.values(scope), importUrl) as (e: { data: unknown }) => void
  const hostCode = new TextEncoder().encode(`export const π = 'é'\n${'x'.repeat(70_000)}`).buffer
  onmessage({ data: { hostCode, baseUrl: 'http://127.0.0.1/webr/' } })
  await Promise.resolve()
  return { imported, posted, self, hostCode }
}

describe('R_BOOTSTRAP', () => {
  it('in a data: worker (WebKit) imports the host from a data: URL of its bytes and tells it to use data: URLs', async () => {
    const { imported, posted, self, hostCode } = await runBootstrap('data:', { Blob: undefined })
    expect(posted).toEqual([{ quireBootstrap: 'alive' }])
    const [head, b64] = imported[0].split(',')
    expect(head).toBe('data:text/javascript;base64')
    expect(fromBase64(b64)).toEqual(new Uint8Array(hostCode))
    expect(self.quireRHandoff).toMatchObject({ baseUrl: 'http://127.0.0.1/webr/', dataUrls: true })
    // webR parses URLs against this placeholder origin, which names no server.
    expect(self.location).toMatchObject({ origin: 'http://quire-webr.invalid', protocol: 'http:' })
  })

  it('in a blob: worker (Chromium, Firefox) imports the host from a blob: URL', async () => {
    const { imported, self } = await runBootstrap('blob:')
    expect(imported).toEqual(['blob:null/r-host'])
    expect(self.quireRHandoff).toMatchObject({ dataUrls: false })
  })

  it('reports a host it cannot turn into a URL as import-failed, with the cause', async () => {
    const { imported, posted } = await runBootstrap('data:', {
      btoa: () => {
        throw new DOMException('The I/O read operation failed.', 'NotReadableError')
      },
    })
    expect(imported).toEqual([])
    expect(posted[1]).toMatchObject({ quireBootstrap: 'import-failed', message: expect.stringMatching(/NotReadable/) })
  })
})
