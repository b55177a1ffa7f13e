// The launch pipeline's parts from issues 4 and 10 that prepareLaunch.test.ts does not cover:
// undeclared notebook imports added and remembered per commit, and crafted repository paths.
import { describe, expect, it } from 'vitest'
import type { LaunchSpec } from '../launch'
import { fakeIndex, INDEX_URL, realLockJson } from '../resolve/__fixtures__/fakeIndex'
import { ALL } from '../resolve/__fixtures__/projects'
import { loadPyodideLock } from '../resolve'
import type { EnvRecord } from '../store'
import { PhaseError, prepareLaunch, type PrepareIo } from './prepareLaunch'

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
const notebook = (code: string) =>
  JSON.stringify({ nbformat: 4, metadata: {}, cells: [{ cell_type: 'code', source: code }] })

function memoryIo(files: Record<string, string>) {
  const envs = new Map<string, EnvRecord>()
  let lockFetches = 0
  const io: PrepareIo = {
    openRepo: async () => ({
      sha: 'abc123',
      isFromCache: false,
      files: Object.entries(files).map(([path, t]) => ({ path, data: enc(t) })),
    }),
    lock: async () => {
      lockFetches++
      return lock
    },
    index: { ...fakeIndex(ALL), fetchBytes: async (url) => enc(url.split('/').pop() ?? '') },
    indexUrl: INDEX_URL,
    envs: { get: async (id) => envs.get(id), put: async (r) => void envs.set(r.id, r) },
    wheels: { get: async () => undefined, put: async () => {} },
    onProgress: () => {},
  }
  return { io, envs, lockFetches: () => lockFetches }
}

describe('prepareLaunch: undeclared imports', () => {
  it('adds what a notebook imports from the lock, with a warning, even with no environment files; reopening keeps the warning', async () => {
    const m = memoryIo({ 'a.ipynb': notebook('import numpy as np\nimport helper\nimport json'), 'helper.py': '' })
    const p = await prepareLaunch(spec, m.io)
    expect(p.pyodidePackages).toEqual(['numpy'])
    expect(p.verdict.kind).toBe('browser-with-warnings')
    expect(p.verdict.reasons.filter((r) => r.level === 'warning').map((r) => r.text)).toEqual([
      'added numpy: imported by a.ipynb but not declared.',
    ])
    expect(p.lock?.packages.numpy).toMatchObject({
      version: lock.packages.numpy.version,
      sha256: lock.packages.numpy.sha256,
      imports: ['numpy'],
    })
    const again = await prepareLaunch(spec, m.io)
    expect(again.isEnvFromCache).toBe(true)
    expect(again.verdict).toEqual(p.verdict)
  })

  it('fetches no lock for a repository whose notebooks import only the standard library and their own modules', async () => {
    const m = memoryIo({
      'a.ipynb': notebook('import os, sys\nfrom . import x\nimport helper'),
      'helper/__init__.py': '',
    })
    const p = await prepareLaunch(spec, m.io)
    expect(p.verdict.kind).toBe('browser')
    expect(m.lockFetches()).toBe(0)
  })
})

describe('prepareLaunch: crafted repository paths', () => {
  it('refuses a repository holding a ../ path with UNSAFE_PATH, in the fetching phase', async () => {
    const err = await prepareLaunch(spec, memoryIo({ 'a.ipynb': notebook('1'), '../escape.py': '' }).io).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(PhaseError)
    expect(err).toMatchObject({ phase: 'fetching', cause: { code: 'UNSAFE_PATH', data: { path: '../escape.py' } } })
  })
})
