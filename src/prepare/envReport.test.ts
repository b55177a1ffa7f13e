// The compatibility report arrives once resolving ends, before any download, and again (from the
// stored environment) on a reopen.
import { describe, expect, it } from 'vitest'
import type { LaunchSpec } from '../launch'
import { fakeIndex, INDEX_URL, realLockJson } from '../resolve/__fixtures__/fakeIndex'
import { ALL } from '../resolve/__fixtures__/projects'
import { loadPyodideLock } from '../resolve'
import type { EnvRecord, WheelRecord } from '../store'
import type { EnvReport } from './envReport'
import { prepareLaunch, type PrepareIo } from './prepareLaunch'

const lock = loadPyodideLock(realLockJson())
const spec: LaunchSpec = {
  provider: 'git',
  repo: 'https://git.test/r.git',
  repoUrl: 'https://git.test/r.git',
  ref: 'main',
  key: 'git:r@main',
  name: 'r',
}
const enc = (s: string) => new TextEncoder().encode(s)

function io(files: Record<string, string>, events: string[], envs = new Map<string, EnvRecord>()): PrepareIo {
  const wheels = new Map<string, WheelRecord>()
  return {
    openRepo: async () => ({
      sha: 'abc123',
      isFromCache: false,
      files: Object.entries(files).map(([path, t]) => ({ path, data: enc(t) })),
    }),
    lock: async () => lock,
    index: {
      ...fakeIndex(ALL),
      fetchBytes: async (url, onProgress) => {
        const b = enc(url.split('/').pop() ?? '')
        onProgress?.(b.length, b.length)
        return b
      },
    },
    indexUrl: INDEX_URL,
    envs: { get: async (id) => envs.get(id), put: async (r) => void envs.set(r.id, r) },
    wheels: { get: async (sha) => wheels.get(sha), put: async (r) => void wheels.set(r.sha256, r) },
    onProgress: (p) => events.push(p.file ? `file ${p.file.name} ${p.file.loaded}/${p.file.total}` : p.phase),
    onResolved: (r: EnvReport) =>
      events.push(
        `resolved ${r.verdict.kind} ${r.packages.map((p) => `${p.name}:${p.source}${p.asked ? `(${p.asked})` : ''}`).join(' ')}`,
      ),
  }
}

describe('onResolved: the compatibility report before the wait', () => {
  it('comes after resolving and before the first download, with each package and its source', async () => {
    const events: string[] = []
    await prepareLaunch(spec, io({ 'requirements.txt': 'comm', 'a.ipynb': '{}' }, events))
    const resolved = events.findIndex((e) => e.startsWith('resolved'))
    expect(events[resolved]).toBe('resolved browser comm:index traitlets:pyodide')
    expect(events.indexOf('downloading')).toBeGreaterThan(resolved)
    expect(events).toContain('file comm 27/27')
    expect(events.filter((e) => e.startsWith('resolved'))).toHaveLength(1)
  })

  it('names drift, and is sent again from the stored environment on a reopen', async () => {
    const envs = new Map<string, EnvRecord>()
    const first: string[] = []
    await prepareLaunch(spec, io({ 'requirements.txt': 'numpy==1.24.0', 'a.ipynb': '{}' }, first, envs))
    expect(first.find((e) => e.startsWith('resolved'))).toBe('resolved browser-with-warnings numpy:pyodide(==1.24.0)')
    const again: string[] = []
    await prepareLaunch(spec, io({ 'requirements.txt': 'numpy==1.24.0', 'a.ipynb': '{}' }, again, envs))
    expect(again.filter((e) => e.startsWith('resolved'))).toEqual([
      'resolved browser-with-warnings numpy:pyodide(==1.24.0)',
    ])
  })

  it('a Dockerfile reports the hub verdict with no packages', async () => {
    const events: string[] = []
    await prepareLaunch(spec, io({ Dockerfile: 'FROM x', 'a.ipynb': '{}' }, events))
    expect(events.filter((e) => e.startsWith('resolved'))).toEqual(['resolved hub '])
  })
})
