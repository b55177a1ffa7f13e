import { describe, expect, it } from 'vitest'
import { bindGlobalAccessors } from './bind-globals'

/** A stand-in global whose prototype accessors check their receiver, like a browser's. */
function fakeGlobal() {
  const state = { handler: 'none' }
  const proto = {
    get origin(): string {
      if (this !== fake) throw new TypeError('Illegal invocation')
      return 'null'
    },
    get onmessage(): string {
      if (this !== fake) throw new TypeError('Illegal invocation')
      return state.handler
    },
    set onmessage(v: string) {
      if (this !== fake) throw new TypeError('Illegal invocation')
      state.handler = v
    },
    ping() {
      return 'pong'
    },
  }
  const fake: typeof proto = Object.create(proto)
  return { fake, state }
}

describe('bindGlobalAccessors', () => {
  it('makes accessors work when read through a proxy of the global, as Pyodide snapshot mode does', () => {
    const { fake, state } = fakeGlobal()
    const proxy = new Proxy(fake, {})
    expect(() => proxy.origin).toThrow('Illegal invocation')
    expect(bindGlobalAccessors(fake)).toBe(2)
    expect(proxy.origin).toBe('null')
    proxy.onmessage = 'set'
    expect(state.handler).toBe('set')
    expect(proxy.ping()).toBe('pong')
  })

  it('under real Pyodide with _makeSnapshot, Python reads such a global accessor through `js`', async () => {
    const { loadPyodide } = await import('pyodide')
    const proto = Object.getPrototypeOf(globalThis)
    Object.defineProperty(proto, 'quireBrandChecked', {
      configurable: true,
      get() {
        if (this !== globalThis) throw new TypeError('Illegal invocation')
        return 42
      },
    })
    try {
      bindGlobalAccessors(globalThis)
      const py = await loadPyodide({ _makeSnapshot: true } as Parameters<typeof loadPyodide>[0])
      expect(py.runPython('import js; js.quireBrandChecked')).toBe(42)
    } finally {
      delete (proto as Record<string, unknown>).quireBrandChecked
      delete (globalThis as Record<string, unknown>).quireBrandChecked
    }
  }, 120_000)
})
