import { describe, expect, it } from 'vitest'
import { isBrowserWheel, parseWheelFilename, wheelRank } from './wheelTags'

describe('parseWheelFilename (PEP 427)', () => {
  it('splits names, build tags and compressed tag sets', () => {
    expect(parseWheelFilename('six-1.16.0-py2.py3-none-any.whl')).toEqual({
      name: 'six',
      version: '1.16.0',
      build: undefined,
      tags: ['py2-none-any', 'py3-none-any'],
    })
    expect(parseWheelFilename('Foo_Bar-2.0-1-cp314-cp314-pyemscripten_2026_0_wasm32.whl')).toMatchObject({
      name: 'foo-bar',
      version: '2.0',
      build: '1',
      tags: ['cp314-cp314-pyemscripten_2026_0_wasm32'],
    })
    expect(
      parseWheelFilename('numpy-2.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')?.tags,
    ).toHaveLength(2)
  })
  it('rejects what is not a wheel name', () => {
    expect(parseWheelFilename('numpy-1.26.0.tar.gz')).toBeNull()
    expect(parseWheelFilename('numpy.whl')).toBeNull()
  })
})

describe('which wheels run in Pyodide 314', () => {
  it.each([
    ['requests-2.33.1-py3-none-any.whl', true],
    ['six-1.16.0-py2.py3-none-any.whl', true],
    ['attrs-1.0-py310-none-any.whl', true],
    ['numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl', true],
    ['cryptography-46-cp311-abi3-pyemscripten_2026_0_wasm32.whl', true],
    ['x-1-py3-none-pyemscripten_2026_0_wasm32.whl', true],
    ['x-1-py2-none-any.whl', false],
    ['numpy-2.4.6-cp313-cp313-pyemscripten_2026_0_wasm32.whl', false],
    ['numpy-2.2-cp313-cp313-pyodide_2025_0_wasm32.whl', false],
    ['numpy-2.4.6-cp314-cp314-manylinux_2_17_x86_64.whl', false],
    ['numpy-2.4.6-cp314-cp314-win_amd64.whl', false],
    ['x-1-cp315-abi3-pyemscripten_2026_0_wasm32.whl', false],
    ['x-1.tar.gz', false],
  ])('%s → %s', (filename, expected) => {
    expect(isBrowserWheel(filename)).toBe(expected)
  })
  it('prefers the platform build over a pure-Python one', () => {
    const rank = (f: string) => wheelRank(parseWheelFilename(f)!)!
    expect(rank('x-1-cp314-cp314-pyemscripten_2026_0_wasm32.whl')).toBeLessThan(rank('x-1-py3-none-any.whl'))
    expect(rank('x-1-cp312-abi3-pyemscripten_2026_0_wasm32.whl')).toBeLessThan(rank('x-1-py3-none-any.whl'))
  })
})
