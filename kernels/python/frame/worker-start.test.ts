import { describe, expect, it } from 'vitest'
import { startBootstrap } from './worker-start'

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
