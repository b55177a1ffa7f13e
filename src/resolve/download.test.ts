import { createHash } from 'node:crypto'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { CorruptDownloadError } from './errors'
import { downloadWheel, sha256Hex, wheelBytesKey } from './download'
import type { ResolvedPackage } from './resolveEnv'

const bytes = zipSync({ 'x/__init__.py': strToU8('X = 1\n') })
const good = createHash('sha256').update(bytes).digest('hex')
const pkg = (extra: Partial<ResolvedPackage>): ResolvedPackage => ({
  name: 'x',
  version: '1',
  source: 'index',
  url: 'https://files.test/x-1-py3-none-any.whl',
  sha256: good,
  requestedBy: [],
  ...extra,
})
const serve = (body: Uint8Array) => {
  const urls: string[] = []
  return {
    urls,
    fetchBytes: async (url: string) => {
      urls.push(url)
      return body
    },
  }
}

describe('downloadWheel', () => {
  it('returns bytes whose sha256 (WebCrypto) matches', async () => {
    expect(await sha256Hex(bytes)).toBe(good)
    const io = serve(bytes)
    expect(await downloadWheel(pkg({ sha256: good.toUpperCase() }), io)).toEqual(bytes)
    expect(io.urls).toEqual(['https://files.test/x-1-py3-none-any.whl'])
  })

  it('throws CORRUPT_DOWNLOAD with expected and actual on a mismatch', async () => {
    const tampered = new Uint8Array(bytes)
    tampered[5] ^= 1
    const err = await downloadWheel(pkg({}), serve(tampered)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CorruptDownloadError)
    expect(err).toMatchObject({ code: 'CORRUPT_DOWNLOAD', data: { expected: good, actual: await sha256Hex(tampered) } })
  })

  it('fetches Pyodide packages from the package base URL', async () => {
    const io = { ...serve(bytes), packageBaseUrl: 'https://cdn.test/pyodide/v314.0.7/full/' }
    await downloadWheel(pkg({ source: 'pyodide', url: undefined, filename: 'x-1-py3-none-any.whl' }), io)
    expect(io.urls).toEqual(['https://cdn.test/pyodide/v314.0.7/full/x-1-py3-none-any.whl'])
  })

  it('refuses a repository wheel (read it from the clone) and a Pyodide one without a base URL', async () => {
    await expect(
      downloadWheel(pkg({ source: 'repo', url: undefined, path: 'w/x.whl' }), serve(bytes)),
    ).rejects.toMatchObject({ code: 'INTERNAL' })
    await expect(
      downloadWheel(pkg({ source: 'pyodide', url: undefined, filename: 'x.whl' }), serve(bytes)),
    ).rejects.toMatchObject({ code: 'INTERNAL' })
  })

  it('reuses bytes the resolve verified under the same URL and sha256, and only those', async () => {
    const url = 'https://files.test/x-1-py3-none-any.whl'
    const cache = new Map<string, Promise<unknown>>([[wheelBytesKey(url, good), Promise.resolve(bytes)]])
    const io = { ...serve(bytes), cache }
    expect(await downloadWheel(pkg({ sha256: good.toUpperCase() }), io)).toBe(bytes)
    expect(io.urls).toEqual([])
    // Another sha256 for the same URL (a lock naming other bytes), or a failed read: a real download.
    const other = {
      ...serve(bytes),
      cache: new Map<string, Promise<unknown>>([
        [wheelBytesKey(url, 'ab'.repeat(32)), Promise.resolve(new Uint8Array(3))],
      ]),
    }
    expect(await downloadWheel(pkg({}), other)).toEqual(bytes)
    const failed = Promise.reject(new Error('gone'))
    failed.catch(() => undefined)
    const broken = { ...serve(bytes), cache: new Map<string, Promise<unknown>>([[wheelBytesKey(url, good), failed]]) }
    expect(await downloadWheel(pkg({}), broken)).toEqual(bytes)
    expect([other.urls, broken.urls]).toEqual([[url], [url]])
  })
})
