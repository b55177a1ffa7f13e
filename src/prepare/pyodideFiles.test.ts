import { describe, expect, it } from 'vitest'
import { HttpError, sha256Hex, type PyodideLock } from '../resolve'
import { fetchPyodideFiles, pyodideFileNeeds, type PyodideFileStore } from './pyodideFiles'

const bytes = (s: string) => new TextEncoder().encode(s)
const NUMPY = bytes('numpy wheel bytes')
const BLAS = bytes('libopenblas archive')
const BASE = 'https://cdn.test/pyodide/full/'

async function lockOf(): Promise<PyodideLock> {
  const pkg = async (name: string, fileName: string, data: Uint8Array, depends: string[] = []) => ({
    name,
    version: '1',
    fileName,
    sha256: await sha256Hex(data),
    depends,
    packageType: 'package',
    imports: [],
  })
  return {
    info: { python: '3.14', platform: 'emscripten', arch: 'wasm32', abiVersion: '2026_0' },
    packages: {
      numpy: await pkg('numpy', 'numpy-1-cp314-wasm32.whl', NUMPY, ['libopenblas']),
      libopenblas: await pkg('libopenblas', 'libopenblas-1.zip', BLAS),
    },
  }
}

function memoryStore(): PyodideFileStore & { kept: Map<string, Uint8Array> } {
  const kept = new Map<string, Uint8Array>()
  return { kept, get: async (u) => kept.get(u), put: async (u, d) => void kept.set(u, d) }
}

describe('pyodideFileNeeds', () => {
  it('names every file loadPackage fetches, dependencies included, under the package base', async () => {
    const needs = pyodideFileNeeds(await lockOf(), ['NumPy'], BASE)
    expect(needs.map((n) => n.url)).toEqual([`${BASE}libopenblas-1.zip`, `${BASE}numpy-1-cp314-wasm32.whl`])
  })
})

describe('fetchPyodideFiles', () => {
  it('downloads, verifies and keeps each file; a second launch reads the store with no request', async () => {
    const lock = await lockOf()
    const needs = pyodideFileNeeds(lock, ['numpy'], BASE)
    const store = memoryStore()
    const asked: string[] = []
    const files: Record<string, Uint8Array> = {
      [`${BASE}numpy-1-cp314-wasm32.whl`]: NUMPY,
      [`${BASE}libopenblas-1.zip`]: BLAS,
    }
    const fetchBytes = async (url: string, onProgress?: (l: number, t?: number) => void) => {
      asked.push(url)
      onProgress?.(files[url].byteLength, files[url].byteLength)
      return files[url]
    }
    const progress: number[] = []
    const got = await fetchPyodideFiles(needs, {
      fetchBytes,
      store,
      onFile: (_i, _n, loaded) => progress.push(loaded),
      onDone: (_i, _n, b) => progress.push(b),
    })
    expect(got.map((f) => f.data)).toEqual([BLAS, NUMPY])
    expect(asked).toHaveLength(2)
    expect(progress).toContain(NUMPY.byteLength)
    expect([...store.kept.keys()].sort()).toEqual(needs.map((n) => n.url).sort())
    const again = await fetchPyodideFiles(needs, { fetchBytes, store })
    expect(again.map((f) => f.data)).toEqual([BLAS, NUMPY])
    expect(asked).toHaveLength(2)
  })

  it('refetches a damaged stored file past the HTTP cache', async () => {
    const needs = pyodideFileNeeds(await lockOf(), ['libopenblas'], BASE)
    const store = memoryStore()
    store.kept.set(needs[0].url, bytes('truncated'))
    const reloads: boolean[] = []
    const got = await fetchPyodideFiles(needs, {
      store,
      fetchBytes: async (_u, _p, opts) => (reloads.push(opts?.isReload === true), BLAS),
    })
    expect(got[0].data).toEqual(BLAS)
    expect(store.kept.get(needs[0].url)).toEqual(BLAS)
    expect(reloads).toEqual([false])
  })

  it('a host that does not answer is HOST_UNREACHABLE naming it, the package and pyodidePackageBaseUrl', async () => {
    const needs = pyodideFileNeeds(await lockOf(), ['libopenblas'], BASE)
    const failed = fetchPyodideFiles(needs, {
      fetchBytes: () => Promise.reject(new TypeError('Failed to fetch')),
    })
    await expect(failed).rejects.toMatchObject({
      code: 'HOST_UNREACHABLE',
      data: {
        host: 'cdn.test',
        configKey: 'pyodidePackageBaseUrl',
        wanted: 'the Pyodide package libopenblas (libopenblas-1.zip)',
      },
    })
  })

  it('a mirror lacking the file is the same error with its status', async () => {
    const needs = pyodideFileNeeds(await lockOf(), ['libopenblas'], BASE)
    const failed = fetchPyodideFiles(needs, {
      fetchBytes: (url) => Promise.reject(new HttpError(url, 404)),
    })
    await expect(failed).rejects.toMatchObject({ code: 'HOST_UNREACHABLE', data: { status: 404 } })
  })

  it('the same wrong bytes twice is CORRUPT_DOWNLOAD, not a host problem', async () => {
    const needs = pyodideFileNeeds(await lockOf(), ['libopenblas'], BASE)
    const failed = fetchPyodideFiles(needs, { fetchBytes: async () => bytes('a proxy page') })
    await expect(failed).rejects.toMatchObject({ code: 'CORRUPT_DOWNLOAD' })
  })
})
