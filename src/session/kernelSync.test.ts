import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadTestPyodide } from '../../kernels/python/testing'
import { syncCode } from './kernelSync'

describe('syncCode, run by real Python (Pyodide in Node)', () => {
  let py: PyodideAPI
  beforeAll(async () => {
    py = await loadTestPyodide()
    py.FS.mkdirTree('/home/pyodide/repo')
    py.FS.writeFile('/home/pyodide/repo/old.csv', 'a,b\n')
  }, 60_000)

  it('writes new and nested files byte for byte, removes deleted ones, and leaves no names behind', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
    const before = py.runPython('sorted(globals())').toJs()
    const result = py.runPython(
      syncCode('/home/pyodide/repo', [
        { path: 'data/raw/all-bytes.bin', data: bytes },
        { path: 'notes "é".txt', data: new TextEncoder().encode('héllo\n') },
        { path: 'old.csv', data: null },
        { path: 'never-there.txt', data: null },
      ]),
    )
    expect(result).toBeUndefined()
    expect(py.FS.readFile('/home/pyodide/repo/data/raw/all-bytes.bin')).toEqual(bytes)
    expect(py.FS.readFile('/home/pyodide/repo/notes "é".txt', { encoding: 'utf8' })).toBe('héllo\n')
    expect(py.FS.analyzePath('/home/pyodide/repo/old.csv').exists).toBe(false)
    expect(py.runPython('sorted(globals())').toJs()).toEqual(before)
  })
})
