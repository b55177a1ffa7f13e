import { describe, expect, it } from 'vitest'
import { baselinesOf, catalogOf, lruOrder, nextEviction, planRemoval, type StoredState } from './catalog'

const repo = (key: string, sha: string, dir: string, openedAt: number) => ({
  key,
  url: `http://git/${key}`,
  ref: 'main',
  sha,
  dir,
  fetchedAt: 1,
  openedAt,
})
const env = (id: string, wheels: string[]) => ({
  id,
  pyodidePackages: ['numpy'],
  wheels: wheels.map((sha256) => ({ filename: `${sha256}.whl`, sha256 })),
})

/** Two repositories sharing wheel `w1`; two refs of repo a sharing one commit folder. */
const state: StoredState = {
  repos: [
    repo('git:a@main', 's1', '/repos/1', 30),
    repo('git:a@v1', 's1', '/repos/1', 10),
    repo('git:b@main', 's2', '/repos/2', 20),
  ],
  commits: [
    { id: 'git:a@s1', sha: 's1', dir: '/repos/1', fetchedAt: 1 },
    { id: 'git:b@s2', sha: 's2', dir: '/repos/2', fetchedAt: 1 },
  ],
  envs: [env('git:a@main@s1', ['w1', 'w2']), env('git:a@v1@s1', ['w1', 'w2']), env('git:b@main@s2', ['w1', 'w3'])],
  wheels: [
    { sha256: 'w1', size: 100 },
    { sha256: 'w2', size: 10 },
    { sha256: 'w3', size: 1 },
    { sha256: 'w4', size: 5 },
  ],
  snapshots: [
    { key: 'L1@314', envIds: ['git:b@main@s2'], size: 1000 },
    { key: 'L2@314', size: 7 },
  ],
  edits: [
    { id: 'git:b@main:x.ipynb', repoKey: 'git:b@main', path: 'x.ipynb', size: 3, isUserEdit: true },
    { id: 'git:gone@main:y.py', repoKey: 'git:gone@main', path: 'y.py', size: 2, isUserEdit: true },
  ],
  dirBytes: { '/repos/1': 50, '/repos/2': 60 },
}

describe('planRemoval', () => {
  it('keeps what another repository still uses: shared wheels, a commit folder another ref points to', () => {
    const plan = planRemoval(state, ['git:a@v1'], true)
    expect(plan).toEqual({
      repos: ['git:a@v1'],
      commits: [],
      dirs: [],
      envs: ['git:a@v1@s1'],
      wheels: [],
      snapshots: [],
      edits: [],
    })
  })

  it('deletes a repository with its unshared wheels, snapshot and edits, never another repository’s edits', () => {
    const plan = planRemoval(state, ['git:b@main'], true)
    expect(plan).toEqual({
      repos: ['git:b@main'],
      commits: ['git:b@s2'],
      dirs: ['/repos/2'],
      envs: ['git:b@main@s2'],
      wheels: ['w3'],
      snapshots: ['L1@314'],
      edits: ['git:b@main:x.ipynb'],
    })
  })

  it('a commit of the repository no ref points to (an upstream commit not taken) goes with the last ref', () => {
    const withUpstream = {
      ...state,
      commits: [...state.commits, { id: 'git:b@s3', sha: 's3', dir: '/repos/3', fetchedAt: 2 }],
    }
    expect(planRemoval(withUpstream, ['git:b@main'], false)).toMatchObject({
      commits: ['git:b@s2', 'git:b@s3'],
      dirs: ['/repos/2', '/repos/3'],
    })
    expect(planRemoval(withUpstream, ['git:a@v1'], false)).toMatchObject({ commits: [], dirs: [] })
  })

  it('eviction (withEdits false) keeps edits; a wheel no environment lists yet (being downloaded) is left alone', () => {
    const plan = planRemoval(state, ['git:a@main', 'git:a@v1', 'git:b@main'], false)
    expect(plan.edits).toEqual([])
    expect(plan.wheels.sort()).toEqual(['w1', 'w2', 'w3'])
    expect(plan.dirs.sort()).toEqual(['/repos/1', '/repos/2'])
  })
})

describe('planRemoval with wheels a launch in progress reuses', () => {
  it('keeps them although no remaining environment lists them yet', () => {
    expect(planRemoval(state, ['git:b@main'], false).wheels).toEqual(['w3'])
    expect(planRemoval(state, ['git:b@main'], false, new Set(['w3'])).wheels).toEqual([])
    expect(planRemoval(state, ['git:a@main', 'git:a@v1'], false, new Set(['w2'])).wheels).toEqual([])
  })
})

describe('R package binaries (kept in the wheels store, listed in env.r)', () => {
  const rEnv = {
    ...env('git:b@main@s2', ['w1']),
    r: {
      repoUrl: 'http://webr',
      rVersion: '4.6.0',
      drift: [],
      problems: [],
      packages: [
        { name: 'greetr', version: '1', filename: 'greetr_1.tgz', url: 'http://webr/greetr_1.tgz', sha256: 'w4' },
      ],
    },
  }
  const withR: StoredState = { ...state, envs: [...state.envs.slice(0, 2), rEnv] }
  it('are counted for their repository and deleted with it', () => {
    expect(catalogOf(withR).find((r) => r.key === 'git:b@main')).toMatchObject({ bytes: { wheels: 105 }, hasEnv: true })
    expect(planRemoval(withR, ['git:b@main'], true).wheels).toEqual(['w4'])
  })
})

describe('lruOrder', () => {
  it('is least recently opened first and skips the repository being opened', () => {
    expect(lruOrder(state, new Set(['git:b@main']))).toEqual(['git:a@v1', 'git:a@main'])
  })
})

describe('the baseline snapshot (the interpreter alone, serving every repository)', () => {
  const base = { key: 'baseline@314.0.7@https://cdn.example/pyodide/v314.0.7/full/', size: 31_000_000, envIds: [] }
  const withBase: StoredState = { ...state, snapshots: [...state.snapshots, base] }

  it('is listed with its version, core and size, and counted in no repository', () => {
    expect(baselinesOf(withBase)).toEqual([
      {
        key: base.key,
        pyodideVersion: '314.0.7',
        coreUrl: 'https://cdn.example/pyodide/v314.0.7/full/',
        size: 31_000_000,
      },
    ])
    expect(catalogOf(withBase).map((r) => r.bytes.snapshot)).toEqual(catalogOf(state).map((r) => r.bytes.snapshot))
  })

  it('stays when every repository is deleted, and is evicted only once no repository is left to drop', () => {
    expect(
      planRemoval(
        withBase,
        withBase.repos.map((r) => r.key),
        true,
      ).snapshots,
    ).not.toContain(base.key)
    expect(nextEviction(withBase, new Set(['git:b@main']))).toEqual({ kind: 'repo', key: 'git:a@v1' })
    const all = new Set(withBase.repos.map((r) => r.key))
    expect(nextEviction(withBase, all)).toEqual({ kind: 'baseline', key: base.key })
    expect(nextEviction(state, all)).toBeUndefined()
  })
})

describe('catalogOf', () => {
  it('sizes each repository by kind, counts shared wheels, lists edits whose cache is gone', () => {
    const rows = catalogOf(state)
    expect(rows.map((r) => r.key)).toEqual(['git:a@main', 'git:b@main', 'git:a@v1', 'git:gone@main'])
    expect(rows[1]).toMatchObject({
      bytes: { files: 60, wheels: 101, snapshot: 1000, edits: 3 },
      wheelCount: 2,
      sharedWheels: 1,
      snapshotCount: 1,
      editCount: 1,
      hasEnv: true,
    })
    expect(rows[3]).toMatchObject({ sha: '', bytes: { files: 0, wheels: 0, snapshot: 0, edits: 2 }, hasEnv: false })
  })
})
