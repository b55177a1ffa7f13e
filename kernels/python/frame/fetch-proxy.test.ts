import { afterEach, describe, expect, it } from 'vitest'
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
