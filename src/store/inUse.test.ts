import { describe, expect, it } from 'vitest'
import { lruOrder, planRemoval, type StoredState } from './catalog'
import { trackInUse } from './inUse'
import { writeWithEviction } from './quota'

const repo = (key: string, openedAt: number) => ({
  key,
  url: key,
  ref: 'main',
  sha: 's',
  dir: `/repos/${key}`,
  fetchedAt: 1,
  openedAt,
})

describe('a launch reusing a wheel an older repository stored', () => {
  it('keeps it when a later write of the same launch evicts that repository', async () => {
    // The older repository's environment is the only one listing `shared`; the new launch has not written its own yet.
    const state: StoredState = {
      repos: [repo('git:old@main', 1), repo('git:new@main', 2)],
      commits: [],
      envs: [
        {
          id: 'git:old@main@s',
          pyodidePackages: [],
          wheels: [
            { filename: 'shared.whl', sha256: 'shared' },
            { filename: 'only-old.whl', sha256: 'only-old' },
          ],
        },
      ],
      wheels: [
        { sha256: 'shared', size: 10 },
        { sha256: 'only-old', size: 10 },
      ],
      snapshots: [],
      edits: [],
      dirBytes: {},
    }
    const stored = new Map<string, { sha256: string; bytes: Uint8Array }>(
      state.wheels.map((w) => [w.sha256, { sha256: w.sha256, bytes: new Uint8Array(w.size) }]),
    )
    let room = 5
    const inUse = new Set<string>()
    const evictOne = async (protect: ReadonlySet<string>, blobs: ReadonlySet<string>) => {
      const key = lruOrder(state, protect)[0]
      if (key === undefined) return undefined
      const plan = planRemoval(state, [key], false, blobs)
      for (const sha of plan.wheels) room += stored.get(sha)?.bytes.byteLength ?? 0
      for (const sha of plan.wheels) stored.delete(sha)
      state.repos = state.repos.filter((r) => r.key !== key)
      state.envs = state.envs.filter((e) => !plan.envs.includes(e.id))
      return key
    }
    const wheels = trackInUse(
      {
        get: async (sha: string) => stored.get(sha),
        put: (rec: { sha256: string; bytes: Uint8Array }) =>
          writeWithEviction(
            'wheel',
            async () => {
              if (rec.bytes.byteLength > room) throw new DOMException('full', 'QuotaExceededError')
              room -= rec.bytes.byteLength
              stored.set(rec.sha256, rec)
            },
            { evictOne },
            ['git:new@main'],
            inUse,
          ),
      },
      inUse,
    )

    expect(await wheels.get('shared')).toBeDefined()
    await wheels.put({ sha256: 'fresh', bytes: new Uint8Array(8) })
    expect(state.repos.map((r) => r.key)).toEqual(['git:new@main'])
    expect([...stored.keys()].sort()).toEqual(['fresh', 'shared'])
  })
})
