import { describe, expect, it } from 'vitest'
import { createKernelServer } from './kernel-server'
import type { WorkerMessage } from './protocol'
import { initPayload } from './testing'

/** A server whose Pyodide never loads, and the messages it posts. */
function startServer(loadPyodide: () => Promise<never>) {
  const posted: WorkerMessage[] = []
  const handle = createKernelServer({ post: (m) => posted.push(m), loadPyodide, sources: {} })
  return { posted, handle }
}

describe('kernel server', () => {
  it('says ready first, then reports a Pyodide that fails to load as KERNEL_START_FAILED', async () => {
    const { posted, handle } = startServer(() => Promise.reject(new Error('404 pyodide.asm.wasm')))
    expect(posted).toEqual([{ type: 'ready' }])
    handle({ id: 1, type: 'init', payload: initPayload() })
    await expect.poll(() => posted.length).toBe(2)
    expect(posted[1]).toEqual({
      type: 'response',
      id: 1,
      ok: false,
      error: { code: 'KERNEL_START_FAILED', message: '404 pyodide.asm.wasm', data: {} },
    })
  })

  it('refuses to execute before a successful init', async () => {
    const { posted, handle } = startServer(() => Promise.reject(new Error('unused')))
    handle({ id: 7, type: 'execute', payload: { code: '1', executionCount: 1 } })
    await expect.poll(() => posted.length).toBe(2)
    expect(posted[1]).toMatchObject({ type: 'response', id: 7, ok: false, error: { code: 'KERNEL_DEAD' } })
  })

  it('a Pyodide file the page could not fetch is HOST_UNREACHABLE naming its host, not a start failure', async () => {
    const url = 'https://school-mirror.test/pyodide/python_stdlib.zip'
    const { posted, handle } = startServer(() => Promise.reject(new TypeError(`Failed to fetch ${url}: offline`)))
    handle({ id: 1, type: 'boot', payload: { indexURL: 'https://school-mirror.test/pyodide/' } })
    await expect.poll(() => posted.length).toBe(2)
    expect(posted[1]).toMatchObject({
      ok: false,
      error: { code: 'HOST_UNREACHABLE', data: { host: 'school-mirror.test', configKey: 'pyodideIndexUrl', url } },
    })
  })
})
