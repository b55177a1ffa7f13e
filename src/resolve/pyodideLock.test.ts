import { describe, expect, it } from 'vitest'
import { realLockJson } from './__fixtures__/fakeIndex'
import { loadPyodideLock } from './pyodideLock'

describe('loadPyodideLock', () => {
  it('reads the real lock of pyodide 314.0.7, keyed and linked by normalised names', () => {
    const lock = loadPyodideLock(realLockJson())
    expect(lock.info).toMatchObject({ python: '3.14.2', arch: 'wasm32', abiVersion: '2026_0' })
    expect(lock.packages.numpy).toMatchObject({
      name: 'numpy',
      fileName: expect.stringMatching(/pyemscripten_2026_0_wasm32\.whl$/),
    })
    expect(lock.packages.jinja2.name).toBe('Jinja2')
    expect(lock.packages.ipython.depends).toContain('prompt-toolkit') // the lock writes prompt_toolkit
  })
  it.each([
    [null, /missing info/],
    [{ info: {}, packages: {} }, /info.python/],
    [{ info: { python: '3.14.2', platform: 'x' }, packages: { a: { name: 'a' } } }, /packages.a.version/],
    [
      {
        info: { python: '3.14.2', platform: 'x' },
        packages: { a: { name: 'a', version: '1', file_name: 'a.whl', sha256: 'x', depends: ['b'] } },
      },
      /lacks/,
    ],
  ])('rejects a broken lock', (json, message) => {
    expect(() => loadPyodideLock(json)).toThrow(message)
  })
})
