import { describe, expect, it } from 'vitest'
import type { PyodideLock } from '../resolve'
import { lockPackageUrls } from './lockPackages'

const pkg = (name: string, depends: string[] = []) => ({
  name,
  version: '1',
  fileName: `${name}-1-py3-none-any.whl`,
  sha256: '',
  depends,
  packageType: 'package',
  imports: [],
})
const lock: PyodideLock = {
  info: { python: '3.14', platform: 'emscripten', arch: 'wasm32', abiVersion: '2026_0' },
  packages: {
    pandas: pkg('pandas', ['numpy', 'python-dateutil']),
    numpy: pkg('numpy'),
    'python-dateutil': pkg('python-dateutil', ['six']),
    six: pkg('six'),
  },
}

describe('lockPackageUrls', () => {
  it('follows depends transitively, normalises names, and resolves against the package base', () => {
    expect(lockPackageUrls(lock, ['Pandas'], 'https://cdn.test/full/')).toEqual([
      'https://cdn.test/full/numpy-1-py3-none-any.whl',
      'https://cdn.test/full/pandas-1-py3-none-any.whl',
      'https://cdn.test/full/python-dateutil-1-py3-none-any.whl',
      'https://cdn.test/full/six-1-py3-none-any.whl',
    ])
  })
  it('skips names the lock does not have', () => {
    expect(lockPackageUrls(lock, ['nothere', 'six'], 'https://cdn.test/full/')).toEqual([
      'https://cdn.test/full/six-1-py3-none-any.whl',
    ])
  })
})
