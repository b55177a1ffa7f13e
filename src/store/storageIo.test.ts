import { describe, expect, it } from 'vitest'
import { catalogOf } from './catalog'
import type { EditRecord } from './db'
import { readStoredState, type CacheFs, type StoreReader } from './storageIo'

const repo = {
  key: 'git:a@main',
  url: 'http://git/a',
  ref: 'main',
  sha: 's1',
  dir: '/repos/1',
  fetchedAt: 1,
  openedAt: 5,
}
const env = {
  id: 'git:a@main@s1',
  packages: [],
  pyodidePackages: [],
  resolvedAt: 1,
  wheels: [
    { filename: 'w1.whl', sha256: 'w1' },
    { filename: 'w2.whl', sha256: 'w2' },
  ],
}
const notebook = (code: string, metadata: object = {}) =>
  JSON.stringify({ metadata, cells: [{ cell_type: 'code', source: code, outputs: [] }] })
const edits: EditRecord[] = [
  {
    id: 'git:a@main:nb.ipynb',
    repoKey: 'git:a@main',
    path: 'nb.ipynb',
    content: notebook('1 + 2', { kernelspec: {} }),
    savedAt: 1,
  },
  {
    id: 'git:a@main:other.ipynb',
    repoKey: 'git:a@main',
    path: 'other.ipynb',
    content: notebook('print(1)'),
    savedAt: 1,
  },
  { id: 'git:a@main:results/', repoKey: 'git:a@main', path: 'results/', content: '', savedAt: 1 },
]

/** A reader over keys and index entries only: there are no blob values to read, and `measure` is counted. */
function indexOnlyReader(unsized: string[] = []) {
  const measured: string[] = []
  const reader: StoreReader = {
    records: async () => ({ repos: [repo], commits: [], envs: [env], edits }),
    keys: async (store) => (store === 'wheels' ? ['w1', 'w2', ...unsized] : ['L1@314', 'L2@314']),
    sizes: async (store) =>
      store === 'wheels'
        ? [
            ['w1', 100],
            ['w2', 10],
          ]
        : [
            ['L1@314', 1000],
            ['L2@314', 7],
          ],
    snapshotEnvs: async () => [
      ['git:a@main@s1', 'L1@314'],
      ['git:b@main@s2', 'L1@314'],
    ],
    measure: async (_store, key) => (measured.push(key), 55),
  }
  return { reader, measured }
}

const fs: CacheFs = {
  promises: {
    readdir: async () => [],
    stat: async () => ({ isDirectory: () => false }),
    unlink: async () => {},
    rmdir: async () => {},
    du: async () => 500,
    readFile: async (path) => {
      if (path === '/repos/1/nb.ipynb') return notebook('1 + 2')
      if (path === '/repos/1/other.ipynb') return notebook('print(0)')
      throw new Error('ENOENT')
    },
  },
}

describe('readStoredState', () => {
  it('sizes wheels and snapshots from keys and the bySize/byEnv indexes, without reading a value', async () => {
    const { reader, measured } = indexOnlyReader()
    const s = await readStoredState(reader, fs, true)
    expect(measured).toEqual([])
    expect(s.wheels).toEqual([
      { sha256: 'w1', size: 100 },
      { sha256: 'w2', size: 10 },
    ])
    expect(s.snapshots).toEqual([
      { key: 'L1@314', size: 1000, envIds: ['git:a@main@s1', 'git:b@main@s2'] },
      { key: 'L2@314', size: 7, envIds: undefined },
    ])
    expect(catalogOf(s)[0]).toMatchObject({ bytes: { files: 500, wheels: 110, snapshot: 1000 }, snapshotCount: 1 })
  })

  it('measures only a record stored without a size', async () => {
    const { reader, measured } = indexOnlyReader(['w9'])
    const s = await readStoredState(reader, undefined, false)
    expect(measured).toEqual(['w9'])
    expect(s.wheels).toContainEqual({ sha256: 'w9', size: 55 })
  })

  it('counts the user’s edits: not folder markers, not a notebook saved with only its metadata changed', async () => {
    const s = await readStoredState(indexOnlyReader().reader, fs, true)
    expect(s.edits.map((e) => [e.path, e.isUserEdit])).toEqual([
      ['nb.ipynb', false],
      ['other.ipynb', true],
      ['results/', false],
    ])
    const row = catalogOf(s)[0]
    expect(row.editCount).toBe(1)
    // Their bytes are still stored, so they still count toward the size.
    expect(row.bytes.edits).toBe(edits.reduce((n, e) => n + e.content.length, 0))
  })
})
