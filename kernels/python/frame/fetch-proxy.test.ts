import { afterEach, describe, expect, it } from 'vitest'
import { CORE_FILES, EarlyFetches } from './early-fetches'
import { createFetchProxy, pyodideFolders, serveFetches, underPrefix } from './fetch-proxy'

const INDEX = 'https://app.example/pyodide/314.0.7/'
const channels: MessageChannel[] = []

/** The page's fetch: answers every URL with its own text, and records what it was asked. */
function pageFetch(asked: string[]): typeof fetch {
  return async (input) => {
    const url = String(input)
    asked.push(url)
    return new Response(`body of ${url}`, { status: 200, headers: { 'content-type': 'application/wasm' } })
  }
}

function connect(pagePrefixes: string[], asked: string[], direct: string[]) {
  const ch = new MessageChannel()
  channels.push(ch)
  serveFetches(ch.port1, pageFetch(asked), new Set(pagePrefixes))
  const proxy = createFetchProxy(ch.port2, async (input) => {
    direct.push(String(input))
    return new Response('direct')
  })
  return proxy
}

afterEach(() => {
  for (const ch of channels.splice(0)) {
    ch.port1.close()
    ch.port2.close()
  }
})

describe('fetch proxy between the isolation frame and the page', () => {
  it("serves Pyodide's files through the page's fetch, with their content type", async () => {
    const asked: string[] = []
    const proxy = connect([INDEX], asked, [])
    proxy.allow(INDEX)
    const res = await proxy.fetch(new URL('pyodide.asm.wasm', INDEX))
    expect(await res.text()).toBe(`body of ${INDEX}pyodide.asm.wasm`)
    expect(res.headers.get('content-type')).toBe('application/wasm')
    expect(asked).toEqual([`${INDEX}pyodide.asm.wasm`])
  })

  it('leaves other URLs (PyPI, a CORS server) to the worker’s own fetch', async () => {
    const direct: string[] = []
    const proxy = connect([INDEX], [], direct)
    proxy.allow(INDEX)
    expect(await (await proxy.fetch('https://pypi.example/simple/x/')).text()).toBe('direct')
    expect(direct).toEqual(['https://pypi.example/simple/x/'])
  })

  it('the page refuses what lies outside its prefixes, even if the worker asks', async () => {
    const asked: string[] = []
    // The worker side believes the whole origin is allowed; the page knows better.
    const proxy = connect([INDEX], asked, [])
    proxy.allow('https://app.example/')
    await expect(proxy.fetch('https://app.example/index.html')).rejects.toThrow(/not a Pyodide file/)
    await expect(proxy.fetch(`${INDEX}../../index.html`)).rejects.toThrow(/not a Pyodide file/)
    expect(asked).toEqual([])
  })

  it('normalises `..` before comparing with a prefix', () => {
    expect(underPrefix([INDEX], `${INDEX}../../secret`)).toBeUndefined()
    expect(underPrefix([INDEX], `${INDEX}a/../numpy.whl`)).toBe(`${INDEX}numpy.whl`)
    expect(underPrefix([INDEX], 'not a url')).toBeUndefined()
  })

  it("learns Pyodide's folders from any request that names them", () => {
    expect(pyodideFolders({ payload: { indexURL: 'https://app.example/pyodide/314.0.7' } })).toEqual([INDEX, INDEX])
    expect(pyodideFolders({ payload: { indexURL: INDEX, packageBaseUrl: 'https://cdn.example/full/' } })).toEqual([
      INDEX,
      'https://cdn.example/full/',
    ])
    expect(pyodideFolders({ payload: { code: '1 + 1' } })).toEqual([])
    expect(pyodideFolders({})).toEqual([])
  })
})

describe("the page's early fetches of Pyodide's core files", () => {
  /** A page fetch that records what it was asked and answers only when the test releases that URL. */
  function heldFetch() {
    const asked: string[] = []
    const release = new Map<string, () => void>()
    const fetchFn: typeof fetch = async (input) => {
      const url = String(input)
      asked.push(url)
      await new Promise<void>((resolve) => release.set(url, resolve))
      return new Response(`body of ${url}`, { status: 200, headers: { 'content-type': 'application/wasm' } })
    }
    return { asked, release, fetchFn }
  }

  function connectEarly(early: EarlyFetches, fetchFn: typeof fetch) {
    const ch = new MessageChannel()
    channels.push(ch)
    serveFetches(ch.port1, fetchFn, new Set([INDEX]), early)
    const proxy = createFetchProxy(ch.port2, () => Promise.reject(new Error('no direct fetch expected')))
    proxy.allow(INDEX)
    return proxy
  }

  it('starts all four before the worker asks for any, and serves each from its early answer', async () => {
    const { asked, release, fetchFn } = heldFetch()
    const early = new EarlyFetches(fetchFn, INDEX.slice(0, -1))
    expect(asked).toEqual(CORE_FILES.map((f) => `${INDEX}${f}`))
    const proxy = connectEarly(early, fetchFn)
    const wasm = proxy.fetch(`${INDEX}pyodide.asm.wasm`)
    release.get(`${INDEX}pyodide.asm.wasm`)?.()
    const res = await wasm
    expect(await res.text()).toBe(`body of ${INDEX}pyodide.asm.wasm`)
    expect(res.headers.get('content-type')).toBe('application/wasm')
    // Answered by the early fetch: the page did not fetch the wasm a second time.
    expect(asked.filter((u) => u.endsWith('pyodide.asm.wasm'))).toHaveLength(1)
  })

  it('an early answer serves one request: the next one for that URL is fetched again', async () => {
    const asked: string[] = []
    const early = new EarlyFetches(pageFetch(asked), INDEX)
    const proxy = connectEarly(early, pageFetch(asked))
    await (await proxy.fetch(`${INDEX}pyodide-lock.json`)).text()
    await (await proxy.fetch(`${INDEX}pyodide-lock.json`)).text()
    expect(asked.filter((u) => u.endsWith('pyodide-lock.json'))).toHaveLength(2)
  })

  it('a failed early fetch is fetched again when the worker asks, and that error is what the worker sees', async () => {
    let calls = 0
    const failing: typeof fetch = async (input) => {
      calls++
      throw new TypeError(`offline (${calls}) for ${String(input)}`)
    }
    const early = new EarlyFetches(failing, INDEX, ['pyodide.asm.wasm'])
    const proxy = connectEarly(early, failing)
    await expect(proxy.fetch(`${INDEX}pyodide.asm.wasm`)).rejects.toThrow(/offline \(2\)/)
  })

  it('a request with an integrity check is fetched with it, not from the early answer', async () => {
    const inits: Array<RequestInit | undefined> = []
    const fetchFn: typeof fetch = async (input, init) => {
      inits.push(init)
      return new Response(`body of ${String(input)}`)
    }
    const early = new EarlyFetches(fetchFn, INDEX, ['pyodide.asm.wasm'])
    const proxy = connectEarly(early, fetchFn)
    await (await proxy.fetch(`${INDEX}pyodide.asm.wasm`, { integrity: 'sha256-abc' })).text()
    expect(inits.at(-1)).toEqual({ integrity: 'sha256-abc' })
    expect(inits).toHaveLength(2)
  })

  it('dispose stops what is still downloading', async () => {
    const signals: AbortSignal[] = []
    const early = new EarlyFetches(async (_input, init) => {
      if (init?.signal) signals.push(init.signal)
      return new Response('x')
    }, INDEX)
    early.dispose()
    expect(signals).toHaveLength(CORE_FILES.length)
    expect(signals.every((s) => s.aborted)).toBe(true)
    expect(await early.take(`${INDEX}pyodide.asm.wasm`)).toBeUndefined()
  })
})
