import { describe, expect, it } from 'vitest'
import { failedFetchUrl, hostProblemFor, hostProblemOf, hostUnreachable, kernelFetchFailure } from './hostError'

const CDN = 'https://cdn.jsdelivr.net/pyodide/v314.0.7/full/'
const NUMPY = `${CDN}numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl`

describe('hostUnreachable', () => {
  it('names the host, what was wanted and the setting to change, in message and data', () => {
    const err = hostUnreachable(
      NUMPY,
      { wanted: 'the Pyodide package numpy', configKey: 'pyodidePackageBaseUrl' },
      'TypeError: Failed to fetch',
    )
    expect(err.code).toBe('HOST_UNREACHABLE')
    expect(err.message).toContain('cdn.jsdelivr.net could not be reached for the Pyodide package numpy')
    expect(err.message).toContain('set pyodidePackageBaseUrl')
    expect(hostProblemOf(err.data)).toEqual({
      host: 'cdn.jsdelivr.net',
      url: NUMPY,
      wanted: 'the Pyodide package numpy',
      configKey: 'pyodidePackageBaseUrl',
      cause: 'TypeError: Failed to fetch',
    })
  })
  it('says the status when the host answered with an error', () => {
    const err = hostUnreachable(NUMPY, { wanted: 'x', configKey: 'pyodidePackageBaseUrl' }, 'HTTP 404', 404)
    expect(err.message).toContain('cdn.jsdelivr.net answered HTTP 404')
    expect(hostProblemOf(err.data)?.status).toBe(404)
  })
  it('reads no problem from other errors’ data', () => {
    expect(hostProblemOf({ url: 'https://pypi.org' })).toBeUndefined()
  })
})

describe('failedFetchUrl', () => {
  it('reads the frame proxy’s, Pyodide loader’s and core loader’s wording', () => {
    expect(failedFetchUrl(`Failed to fetch ${NUMPY}: TypeError: Failed to fetch`)).toBe(NUMPY)
    expect(
      failedFetchUrl(`The following error occurred while loading numpy:\nFailed to load '${NUMPY}': request failed.`),
    ).toBe(NUMPY)
    expect(failedFetchUrl('http://127.0.0.1:9/pyodide/pyodide.asm.mjs: HTTP 404')).toBe(
      'http://127.0.0.1:9/pyodide/pyodide.asm.mjs',
    )
    expect(failedFetchUrl('RangeError: WebAssembly.Memory(): could not allocate memory')).toBeUndefined()
  })
})

describe('kernelFetchFailure', () => {
  const urls = { indexURL: 'https://school.example/pyodide/314.0.7/', packageBaseUrl: CDN }
  it('a package URL points at pyodidePackageBaseUrl, a core URL at pyodideIndexUrl', () => {
    const pkg = kernelFetchFailure(`Failed to fetch ${NUMPY}: network error`, urls)
    expect(pkg?.code).toBe('HOST_UNREACHABLE')
    expect(pkg?.data.configKey).toBe('pyodidePackageBaseUrl')
    const core = kernelFetchFailure(`Failed to fetch ${urls.indexURL}python_stdlib.zip: offline`, urls)
    expect(core?.data).toMatchObject({ host: 'school.example', configKey: 'pyodideIndexUrl' })
  })
  it('keeps the status of a core file the host refused, and the loader’s words for a package', () => {
    const core = kernelFetchFailure(`${urls.indexURL}pyodide.asm.mjs: HTTP 403`, urls)
    expect(core?.message).toContain('school.example answered HTTP 403')
    const pkg = kernelFetchFailure(`Failed to load '${NUMPY}': request failed.`, urls, 'numpy')
    expect(pkg?.data).toMatchObject({ wanted: 'numpy', cause: expect.stringContaining('request failed') })
  })
  it('leaves failures that are not fetches alone', () => {
    expect(kernelFetchFailure('Aborted(OOM)', urls)).toBeUndefined()
  })
})

describe('hostProblemFor', () => {
  it('names the package index and pypiUrl for INDEX_UNREACHABLE, and nothing for other codes', () => {
    const data = { url: 'https://pypi.org/pypi/requests/json', reason: 'Failed to fetch' }
    expect(hostProblemFor('INDEX_UNREACHABLE', data)).toMatchObject({ host: 'pypi.org', configKey: 'pypiUrl' })
    expect(hostProblemFor('REPO_NOT_FOUND', data)).toBeUndefined()
  })
})
