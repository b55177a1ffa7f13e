import { describe, expect, it } from 'vitest'
import { fastthing, jupyterlabWidgets, seaborn } from './__fixtures__/projects'
import { chooseRelease, readIndexProject, type IndexProject } from './indexProject'

const read = (json: unknown): IndexProject => {
  const p = readIndexProject(json)
  if (!p) throw new Error('not PyPI JSON')
  return p
}

describe('readIndexProject', () => {
  it('reads the PyPI JSON shape', () => {
    const p = read(seaborn.json)
    expect(p).toMatchObject({ name: 'seaborn', version: '0.14.0rc1' })
    expect(p.releases['0.13.2'][1]).toMatchObject({
      filename: 'seaborn-0.13.2-py3-none-any.whl',
      isYanked: false,
      requiresPython: '>=3.8',
    })
  })
  it.each([null, 'html', { info: {} }, { info: { name: 1, version: '1' } }])('rejects %j', (json) => {
    expect(readIndexProject(json)).toBeNull()
  })
  it('treats a yanked reason string as yanked and skips broken file entries and non-http URLs', () => {
    const p = read({
      info: { name: 'a', version: '1', requires_dist: null },
      releases: {
        '1': [
          { filename: 'a-1-py3-none-any.whl', url: 'https://f.test/u', yanked: 'broken build' },
          { nope: true },
          { filename: 'a-1-py2-none-any.whl', url: 'javascript:alert(1)' },
        ],
      },
    })
    expect(p.releases['1']).toEqual([
      {
        filename: 'a-1-py3-none-any.whl',
        url: 'https://f.test/u',
        sha256: undefined,
        isYanked: true,
        requiresPython: undefined,
      },
    ])
    expect(p.requiresDist).toBeNull() // PyPI's null: "not stated here", never "no dependencies"
  })
  it('reads a version answer: its `urls` as that release, `core-metadata` per file', () => {
    const p = read({
      info: { name: 'a', version: '2', requires_dist: ['b>=1'] },
      urls: [
        {
          filename: 'a-2-py3-none-any.whl',
          url: 'https://f.test/a-2-py3-none-any.whl',
          'core-metadata': { sha256: 'ab' },
        },
        { filename: 'a-2.tar.gz', url: 'https://f.test/a-2.tar.gz', 'core-metadata': false },
      ],
    })
    expect(p.requiresDist).toEqual(['b>=1'])
    expect(p.releases['2'].map((f) => f.coreMetadata)).toEqual([{ sha256: 'ab' }, undefined])
  })
})

describe('chooseRelease', () => {
  it('falls back to pre-releases only when nothing final fits', () => {
    expect(chooseRelease(read(jupyterlabWidgets.json), '')).toMatchObject({ ok: true, version: '3.0.15' })
    expect(chooseRelease(read(jupyterlabWidgets.json), '>3.0.15')).toMatchObject({ ok: true, version: '4.0.0a1' })
  })
  it('says whether no version matches or no wheel fits', () => {
    expect(chooseRelease(read(fastthing.json), '>=9')).toMatchObject({
      ok: false,
      reason: 'no-version',
      available: ['1.3', '1.2', '1.1', '1.0'],
    })
    expect(chooseRelease(read(fastthing.json), '==1.2')).toMatchObject({
      ok: false,
      reason: 'no-wheel',
      version: '1.2',
      found: ['fastthing-1.2-cp313-cp313-pyemscripten_2025_0_wasm32.whl', 'fastthing-1.2.tar.gz'],
    })
  })
})
