// `%pip install` of a Pyodide shared library (package_type shared_library in pyodide-lock.json):
// it must go through Pyodide's loader, which puts its .so files on the library path and loads
// them, not be unpacked into site-packages like a wheel. The real libraries (libopenblas, libgeos)
// live on Pyodide's CDN, out of reach here, so the loader is observed rather than run.
import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { buildWheel } from '../../scripts/lib/wheel.mjs'
import { archiveName, isPyodideArchive } from './kernel-host'
import { loadTestPyodide, startTestHost } from './testing'

describe('Pyodide archives', () => {
  it('tells a lock archive from a wheel and finds its lock name', () => {
    expect(isPyodideArchive({ filename: 'libopenblas-0.3.31.zip' })).toBe(true)
    expect(isPyodideArchive({ filename: 'numpy-2.2.5-cp313-cp313-pyodide_2025_0_wasm32.whl' })).toBe(false)
    expect(archiveName({ filename: 'libopenblas-0.3.31.zip' })).toBe('libopenblas')
    expect(archiveName({ filename: 'lib-suite-sparse-5.11.0.zip' })).toBe('lib-suite-sparse')
  })
})

describe('%pip install with a shared library among the packages', () => {
  let pyodide: PyodideAPI
  let kernel: Awaited<ReturnType<typeof startTestHost>>
  const loaded: string[][] = []
  beforeAll(async () => {
    pyodide = await loadTestPyodide()
    vi.spyOn(pyodide, 'loadPackage').mockImplementation(async (names) => {
      const list = Array.isArray(names) ? names.map(String) : [String(names)]
      if (list.length) loaded.push(list)
      // What Pyodide's loader records once a package is in.
      for (const n of list) Reflect.set(pyodide.loadedPackages, n, 'test')
      return []
    })
    const wheel = buildWheel({ name: 'usesblas', version: '1.0', files: { 'usesblas/__init__.py': 'OK = True\n' } })
    kernel = await startTestHost(
      pyodide,
      {
        requestInstall: async () => [
          { filename: 'libopenblas-0.3.31.zip', data: new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Uint8Array(18)]) },
          { filename: wheel.filename, data: wheel.bytes },
        ],
      },
      { hasInstaller: true },
    )
  })

  it('loads the library through Pyodide and unpacks only the wheel', async () => {
    const { events } = await kernel.run('%pip install usesblas\nimport usesblas\nprint(usesblas.OK)')
    expect(loaded).toEqual([['libopenblas']])
    const out = events.flatMap((e) => (e.type === 'stream' ? [e.content.text] : [])).join('')
    expect(out).toContain('True')
    // Nothing of the archive landed in site-packages.
    expect(
      pyodide.runPython(
        "import os, site; any(n.startswith('libopenblas') for n in os.listdir(site.getsitepackages()[0]))",
      ),
    ).toBe(false)
  })
})
