// The R kernel's runtime (RRuntime, runtime.ts) across a MessagePort: the page holds the client
// (RKernel → RSession drive it as before), the isolation frame serves it from the real WebR object.
// Only plain values cross: console messages are cut down to a type and a string, files are bytes,
// so nothing R makes (canvas frames, `view` payloads, proxies) reaches the page.
import type { RMessage, RRuntime } from '../runtime'

type Op =
  | { op: 'init' | 'read' | 'flush' | 'interrupt' | 'close' }
  | { op: 'writeConsole' | 'evalRVoid' | 'evalRString' | 'mkdir' | 'readFile' | 'unlink'; arg: string }
  | { op: 'writeFile'; arg: string; data: ArrayBuffer }

export type RuntimeCall = Op & { id: number }
export type RuntimeReply = { id: number; ok: true; value?: unknown } | { id: number; ok: false; message: string }

/** A console message as the page may see it: its type, and its text when it has one. */
export function plainMessage(msg: unknown): RMessage {
  const type: unknown = typeof msg === 'object' && msg !== null ? Reflect.get(msg, 'type') : undefined
  const data: unknown = typeof msg === 'object' && msg !== null ? Reflect.get(msg, 'data') : undefined
  if (typeof type !== 'string') return { type: 'unknown' }
  return typeof data === 'string' ? { type, data } : { type }
}

/** Frame side: answers calls with `runtime` once it exists (it may still be loading its files). */
export function serveRRuntime(port: MessagePort, runtime: Promise<RRuntime>): void {
  const answer = async (call: RuntimeCall): Promise<{ value?: unknown; transfer?: Transferable[] }> => {
    const r = await runtime
    switch (call.op) {
      case 'init':
        return { value: void (await r.init()) }
      case 'read':
        return { value: plainMessage(await r.read()) }
      case 'flush':
        return { value: (await r.flush()).map(plainMessage) }
      case 'interrupt':
        return { value: r.interrupt() }
      case 'close':
        return { value: r.close() }
      case 'writeConsole':
        return { value: r.writeConsole(call.arg) }
      case 'evalRVoid':
        return { value: await r.evalRVoid(call.arg) }
      case 'evalRString':
        return { value: await r.evalRString(call.arg) }
      case 'mkdir':
        return { value: void (await r.FS.mkdir(call.arg)) }
      case 'unlink':
        return { value: await r.FS.unlink(call.arg) }
      case 'writeFile':
        return { value: await r.FS.writeFile(call.arg, new Uint8Array(call.data)) }
      case 'readFile': {
        // A copy of exactly the file's bytes, so the whole buffer can be transferred.
        const got: unknown = await r.FS.readFile(call.arg)
        if (!(got instanceof Uint8Array)) throw new Error(`${call.arg} could not be read`)
        const bytes = got.slice()
        return { value: bytes, transfer: [bytes.buffer] }
      }
    }
  }
  port.onmessage = (ev: MessageEvent<RuntimeCall>) => {
    const call = ev.data
    answer(call).then(
      ({ value, transfer = [] }) => port.postMessage({ id: call.id, ok: true, value } satisfies RuntimeReply, transfer),
      (err: unknown) =>
        port.postMessage({
          id: call.id,
          ok: false,
          message: err instanceof Error ? err.message : String(err),
        } satisfies RuntimeReply),
    )
  }
}

/** Page side: an RRuntime whose every call goes to the frame. Replies are checked, never trusted. */
export class RRuntimeClient implements RRuntime {
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  private closedReason: string | undefined

  constructor(
    private readonly port: MessagePort,
    private readonly onClose: () => void = () => {},
  ) {
    port.onmessage = (ev: MessageEvent<RuntimeReply>) => {
      const reply = ev.data
      const w = typeof reply?.id === 'number' ? this.waiting.get(reply.id) : undefined
      if (!w) return
      this.waiting.delete(reply.id)
      if (reply.ok) w.resolve(reply.value)
      else w.reject(new Error(typeof reply.message === 'string' ? reply.message : 'R failed'))
    }
  }

  /** Ends every call still waiting (the frame failed or went): reads see R closed, others fail. */
  fail(reason: string): void {
    this.closedReason ??= reason
    for (const w of this.waiting.values()) w.reject(new Error(reason))
    this.waiting.clear()
  }

  init = async (): Promise<void> => void (await this.call({ op: 'init' }))
  read = async (): Promise<RMessage> => {
    // R closed: its console says so, as webR's own queue does, with the reason.
    if (this.closedReason !== undefined) return { type: 'closed', data: this.closedReason }
    try {
      return plainMessage(await this.call({ op: 'read' }))
    } catch (err) {
      if (this.closedReason !== undefined) return { type: 'closed', data: this.closedReason }
      throw err
    }
  }
  flush = async (): Promise<RMessage[]> => {
    const v = await this.call({ op: 'flush' })
    return Array.isArray(v) ? v.map(plainMessage) : []
  }
  writeConsole = (input: string): void => void this.call({ op: 'writeConsole', arg: input }).catch(() => {})
  interrupt = (): void => void this.call({ op: 'interrupt' }).catch(() => {})
  close = (): void => {
    void this.call({ op: 'close' }).catch(() => {})
    this.fail('R was closed')
    this.onClose()
  }
  evalRVoid = async (code: string): Promise<void> => void (await this.call({ op: 'evalRVoid', arg: code }))
  evalRString = async (code: string): Promise<string> => {
    const v = await this.call({ op: 'evalRString', arg: code })
    if (typeof v !== 'string') throw new Error('R answered with something other than a string')
    return v
  }
  readonly FS: RRuntime['FS'] = {
    mkdir: (path) => this.call({ op: 'mkdir', arg: path }),
    unlink: async (path) => void (await this.call({ op: 'unlink', arg: path })),
    writeFile: async (path, data) => {
      const copy = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
      await this.call({ op: 'writeFile', arg: path, data: copy.buffer }, [copy.buffer])
    },
    readFile: async (path) => {
      const v = await this.call({ op: 'readFile', arg: path })
      if (!(v instanceof Uint8Array)) throw new Error(`R sent no bytes for ${path}`)
      return v
    },
  }

  private call(op: Op, transfer: Transferable[] = []): Promise<unknown> {
    if (this.closedReason !== undefined) return Promise.reject(new Error(this.closedReason))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.port.postMessage({ ...op, id } satisfies RuntimeCall, transfer)
    })
  }
}
