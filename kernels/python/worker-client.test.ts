// The snapshot handed to `boot` is tens of MB: it is moved to the worker, not copied.
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/shared/errors'
import type { MainMessage, WorkerMessage } from './protocol'
import { KernelWorkerClient, type WorkerLike } from './worker-client'

/** Answers `boot` through a real MessageChannel, so a transferred buffer really moves. */
function channelWorker() {
  const { port1, port2 } = new MessageChannel()
  const received: Uint8Array[] = []
  const worker: WorkerLike & { transfers: Transferable[][] } = {
    transfers: [],
    onmessage: null,
    onerror: null,
    postMessage(msg: MainMessage, transfer: Transferable[] = []) {
      this.transfers.push(transfer)
      port1.postMessage(msg, transfer)
    },
    terminate: () => port1.close(),
  }
  port2.onmessage = (ev: MessageEvent<MainMessage>) => {
    const msg = ev.data
    if (msg.type !== 'boot') return
    if (msg.payload.snapshot) received.push(msg.payload.snapshot)
    const reply: WorkerMessage = {
      type: 'response',
      id: msg.id,
      ok: true,
      request: 'boot',
      result: { from: 'snapshot', pyodideVersion: '314.0.7', ms: 1 },
    }
    worker.onmessage?.(new MessageEvent('message', { data: reply }))
  }
  setTimeout(() => worker.onmessage?.(new MessageEvent('message', { data: { type: 'ready' } })))
  return {
    worker,
    received,
    close: () => {
      port1.close()
      port2.close()
    },
  }
}

describe('KernelWorkerClient.boot', () => {
  it("transfers the snapshot's buffer: the page's copy is detached, the worker gets the bytes", async () => {
    const { worker, received, close } = channelWorker()
    const client = new KernelWorkerClient(worker)
    const snapshot = new Uint8Array([1, 2, 3, 4])
    expect(await client.boot({ indexURL: 'http://x/pyodide/', snapshot })).toMatchObject({ from: 'snapshot' })
    expect(worker.transfers[0]).toHaveLength(1)
    expect(snapshot.byteLength).toBe(0)
    expect([...received[0]]).toEqual([1, 2, 3, 4])
    close()
  })

  it('copies a snapshot that is a view into a larger buffer, and transfers nothing for a plain boot', async () => {
    const { worker, received, close } = channelWorker()
    const client = new KernelWorkerClient(worker)
    const whole = new Uint8Array([9, 1, 2, 3])
    const view = whole.subarray(1)
    await client.boot({ indexURL: 'http://x/pyodide/', snapshot: view })
    await client.boot({ indexURL: 'http://x/pyodide/' })
    expect(worker.transfers.map((t) => t.length)).toEqual([0, 0])
    expect(whole.byteLength).toBe(4)
    expect([...received[0]]).toEqual([1, 2, 3])
    close()
  })
})

describe('KernelWorkerClient start failures', () => {
  const silentWorker = (): WorkerLike => ({ onmessage: null, onerror: null, postMessage() {}, terminate() {} })
  const errorEvent = (init: { message?: string; error?: unknown }) =>
    Object.assign(new Event('error'), { message: init.message ?? '', error: init.error }) as ErrorEvent

  it('keeps the step the isolation frame names (FramedWorker puts it on the event)', async () => {
    const worker = silentWorker()
    const client = new KernelWorkerClient(worker)
    const step = new AppError('KERNEL_START_FAILED', 'refused', { step: 'worker', where: 'isolation frame' })
    worker.onerror?.(errorEvent({ message: 'this browser refused to start a worker', error: step }))
    await expect(client.boot({ indexURL: 'http://x/pyodide/' })).rejects.toMatchObject({
      code: 'KERNEL_START_FAILED',
      data: { step: 'worker', where: 'isolation frame' },
    })
  })

  it('says the browser gave no reason, instead of guessing one, when the event is empty (WebKit)', async () => {
    const worker = silentWorker()
    const client = new KernelWorkerClient(worker)
    worker.onerror?.(errorEvent({}))
    const err: unknown = await client.boot({ indexURL: 'http://x/pyodide/' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'KERNEL_START_FAILED', data: { step: 'worker' } })
    expect(String(err)).toMatch(/gave no reason/)
  })
})
