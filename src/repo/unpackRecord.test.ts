import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { unpackRecord } from './unpackRecord'

const text = (s: string) => new TextEncoder().encode(s)
const paths = (files: { path: string }[]) => files.map((f) => f.path).sort()

describe("unpackRecord: repo2docker's rule for a record's files", () => {
  it('a single zip with one top-level folder (a GitHub release) opens as that folder', () => {
    const zip = zipSync({
      'me-proj-1a2b3c/': {},
      'me-proj-1a2b3c/a.ipynb': text('{}'),
      'me-proj-1a2b3c/binder/requirements.txt': text('x'),
    })
    const out = unpackRecord([{ path: 'proj-v1.zip', data: zip }])
    expect(paths(out)).toEqual(['a.ipynb', 'binder/requirements.txt'])
    expect(new TextDecoder().decode(out.find((f) => f.path === 'binder/requirements.txt')!.data)).toBe('x')
  })

  it('a single zip with several top-level entries is extracted as it is', () => {
    const out = unpackRecord([{ path: 'all.zip', data: zipSync({ 'a.ipynb': text('{}'), 'data/b.csv': text('1') }) }])
    expect(paths(out)).toEqual(['a.ipynb', 'data/b.csv'])
  })

  it('a zip beside other files, or a lone file that is not a zip, is left alone', () => {
    const zip = zipSync({ 'x/a.ipynb': text('{}') })
    expect(
      paths(
        unpackRecord([
          { path: 'a.zip', data: zip },
          { path: 'b.ipynb', data: text('{}') },
        ]),
      ),
    ).toEqual(['a.zip', 'b.ipynb'])
    expect(paths(unpackRecord([{ path: 'n.ipynb', data: text('{}') }]))).toEqual(['n.ipynb'])
  })

  it('refuses an archive whose entries climb out of the folder (zip-slip)', () => {
    const zip = zipSync({ '../evil.py': text('x') })
    let code = ''
    try {
      unpackRecord([{ path: 'r.zip', data: zip }])
    } catch (e) {
      code = e instanceof AppError ? e.code : 'other'
    }
    expect(code).toBe('UNSAFE_PATH')
  })

  it('a file that starts like a zip but is not one is a corrupt download, not a crash', () => {
    const bad = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])
    expect(() => unpackRecord([{ path: 'r.zip', data: bad }])).toThrow(/not a readable zip/)
  })
})
