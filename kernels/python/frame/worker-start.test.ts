import { describe, expect, it } from 'vitest'
import { fromBase64 } from '../../../src/shared/base64'
import { BOOTSTRAP, startBootstrap } from './worker-start'

/** A Worker stand-in that refuses some URL kinds the way each engine does (worker-start.ts). */
function fakeWorkers(refuse: { blob?: 'throw' | 'error'; data?: 'throw' | 'error' }) {
  const made: string[] = []
  const terminated: string[] = []
  const make = (url: string): Worker => {
    const kind = url.startsWith('blob:') ? 'blob' : 'data'
    if (refuse[kind] === 'throw') throw new DOMException('The operation is insecure.', 'SecurityError')
    made.push(kind)
    const w = {
      onmessage: null as ((ev: MessageEvent) => void) | null,
      onerror: null as ((ev: ErrorEvent) => void) | null,
      terminate: () => terminated.push(kind),
    }
    setTimeout(() => {
      if (refuse[kind] === 'error') w.onerror?.(Object.assign(new Event('error'), { message: '' }) as ErrorEvent)
      else w.onmessage?.(new MessageEvent('message', { data: { quireBootstrap: 'alive' } }))
    })
    return w as unknown as Worker
  }
  return { make, made, terminated }
}

describe('startBootstrap', () => {
  it('keeps the blob: worker where the engine allows it (Chromium, Firefox)', async () => {
    const f = fakeWorkers({})
    const r = await startBootstrap(f.make)
    expect('kind' in r && r.kind).toBe('blob')
    expect(f.made).toEqual(['blob'])
  })

  it('starts a data: worker where a blob: one fails to load (WebKit)', async () => {
    const f = fakeWorkers({ blob: 'error' })
    const r = await startBootstrap(f.make)
    expect('kind' in r && r.kind).toBe('data')
    expect(f.terminated).toEqual(['blob'])
  })

  it('names every refusal when no worker can start, and starts none unconfined', async () => {
    const f = fakeWorkers({ blob: 'throw', data: 'error' })
    const r = await startBootstrap(f.make)
    expect(r).toEqual({
      refused: ['blob: SecurityError: The operation is insecure.', 'data: the worker did not start'],
    })
  })
})

/** Runs BOOTSTRAP as a worker of the given URL kind would, and returns what it imports and posts. */
async function runBootstrap(protocol: 'blob:' | 'data:', globals: Record<string, unknown> = {}) {
  const imported: string[] = []
  const posted: unknown[] = []
  const scope: Record<string, unknown> = {
    location: { protocol },
    postMessage: (m: unknown) => posted.push(m),
    btoa,
    URL: { createObjectURL: () => 'blob:null/kernel' },
    Blob,
    ...globals,
  }
  const run = new Function(
    'self',
    ...Object.keys(scope),
    'importUrl',
    `${BOOTSTRAP.replaceAll('import(', 'importUrl(')}
    return onmessage`,
  )
  const importUrl = (url: string) => (imported.push(url), Promise.resolve())
  const onmessage = run(scope, ...Object.values(scope), importUrl) as (e: { data: unknown }) => void
  const workerCode = new TextEncoder().encode(`export const π = 'é'\n${'x'.repeat(70_000)}`).buffer
  onmessage({ data: { workerCode } })
  await Promise.resolve()
  return { imported, posted, scope, workerCode }
}

describe('BOOTSTRAP', () => {
  it('imports the kernel from a data: URL of its bytes in a data: worker, reading no Blob (WebKit)', async () => {
    // WebKitGTK 2.50: reading a Blob in a data: worker throws NotReadableError; there is no Blob to read here.
    const { imported, posted, workerCode } = await runBootstrap('data:', { Blob: undefined, FileReaderSync: undefined })
    expect(posted).toEqual([{ quireBootstrap: 'alive' }])
    expect(imported).toHaveLength(1)
    const [head, b64] = imported[0].split(',')
    expect(head).toBe('data:text/javascript;base64')
    expect(fromBase64(b64)).toEqual(new Uint8Array(workerCode))
  })

  it('imports the kernel from a blob: URL in a blob: worker (Chromium, Firefox)', async () => {
    const { imported, scope } = await runBootstrap('blob:')
    expect(imported).toEqual(['blob:null/kernel'])
    expect(() => (scope.importScripts as () => void)()).toThrow(/not available/)
  })

  it('reports a kernel it cannot turn into a URL as import-failed, with the cause', async () => {
    const { imported, posted } = await runBootstrap('data:', {
      btoa: () => {
        throw new DOMException('The I/O read operation failed.', 'NotReadableError')
      },
    })
    expect(imported).toEqual([])
    expect(posted[1]).toMatchObject({ quireBootstrap: 'import-failed', message: expect.stringMatching(/NotReadable/) })
  })
})
