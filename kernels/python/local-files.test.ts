import { describe, expect, it } from 'vitest'
import { withLocalFiles } from './local-files'

describe('withLocalFiles', () => {
  it('answers a handed-over URL once from memory and passes everything else through', async () => {
    const asked: string[] = []
    const inner: typeof fetch = async (input) => {
      asked.push(String(input))
      return new Response('from the network')
    }
    const local = withLocalFiles(inner)
    const url = 'https://cdn.test/full/numpy-1.whl'
    local.add([{ url, data: new TextEncoder().encode('numpy bytes') }])
    // Pyodide passes the lock's sha256 as `integrity`; the launch verified the bytes already.
    const first = await local.fetch(url, { integrity: 'sha256-abc' })
    expect(await first.text()).toBe('numpy bytes')
    expect(asked).toEqual([])
    expect(local.pending()).toEqual([])
    expect(await (await local.fetch(url)).text()).toBe('from the network')
    expect(await (await local.fetch('https://cdn.test/full/other.whl')).text()).toBe('from the network')
    expect(asked).toEqual([url, 'https://cdn.test/full/other.whl'])
  })
})
