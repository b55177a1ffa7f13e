// The launch pipeline with in-memory I/O: verdicts, drift, strict mode, the stored lock, refetch.
import { describe, expect, it } from 'vitest'
import type { LaunchSpec } from '../launch'
import { fakeIndex, INDEX_URL, realLockJson } from '../resolve/__fixtures__/fakeIndex'
import { ALL } from '../resolve/__fixtures__/projects'
import { IndexUnreachableError, loadPyodideLock, sha256Hex, type ResolvedPackage } from '../resolve'
import type { EnvRecord, WheelRecord } from '../store'
import { prepareLaunch, type PrepareIo } from './prepareLaunch'
import { wheelBytes } from './wheelBytes'

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

function memoryIo(files: Record<string, string>, extra: Partial<PrepareIo> = {}) {
  const envs = new Map<string, EnvRecord>()
  const wheels = new Map<string, WheelRecord>()
  const index = fakeIndex(ALL)
  const io: PrepareIo = {
    openRepo: async () => ({
      sha: 'abc123',
      isFromCache: false,
      files: Object.entries(files).map(([path, t]) => ({ path, data: enc(t) })),
    }),
    lock: async () => lock,
    // fakeIndex advertises sha256(file name) for each file, so a file's bytes are its name.
    index: { ...index, fetchBytes: async (url) => enc(url.split('/').pop() ?? '') },
    indexUrl: INDEX_URL,
    envs: { get: async (id) => envs.get(id), put: async (r) => void envs.set(r.id, r) },
    wheels: { get: async (sha) => wheels.get(sha), put: async (r) => void wheels.set(r.sha256, r) },
    onProgress: () => {},
    ...extra,
  }
  return { io, envs, calls: index.calls }
}

describe('prepareLaunch: verdicts', () => {
  it('a Dockerfile stops before resolving, with the reason', async () => {
    const { io, calls } = memoryIo({ Dockerfile: 'FROM x', 'requirements.txt': 'comm', 'a.ipynb': '{}' })
    const p = await prepareLaunch(spec, io)
    expect(p.verdict).toEqual({ kind: 'hub', reasons: [expect.objectContaining({ level: 'hub', file: 'Dockerfile' })] })
    expect(p.envKind).toBe('dockerfile')
    expect(p.wheels).toEqual([])
    expect(calls).toEqual([])
  })

  it('drift is a warning and reported per package; ?strict=1 makes it hub', async () => {
    const files = { 'requirements.txt': 'numpy==1.24.0', 'a.ipynb': '{}' }
    const loose = await prepareLaunch(spec, memoryIo(files).io)
    expect(loose.verdict.kind).toBe('browser-with-warnings')
    expect(loose.packages).toEqual([
      { name: 'numpy', version: lock.packages.numpy.version, source: 'pyodide', asked: '==1.24.0' },
    ])
    expect(loose.verdict.reasons).toEqual([
      expect.objectContaining({ level: 'warning', pkg: 'numpy', file: 'requirements.txt:1' }),
    ])
    const strict = await prepareLaunch(spec, memoryIo(files, { isStrict: true }).io)
    expect(strict.verdict.kind).toBe('hub')
    expect(strict.pyodidePackages).toEqual([])
  })

  it('a package with no browser wheel is a hub reason naming it, and nothing is downloaded', async () => {
    const { io } = memoryIo({ 'requirements.txt': 'comm\nfastthing>=1.2,<1.3' })
    const p = await prepareLaunch(spec, io)
    expect(p.verdict.kind).toBe('hub')
    expect(p.verdict.reasons).toEqual([
      expect.objectContaining({ level: 'hub', pkg: 'fastthing', file: 'requirements.txt:2' }),
    ])
    expect(p.wheels).toEqual([])
  })

  it('stores the lock in pyodide-lock.json form per commit, and reopening uses it without the index', async () => {
    const first = memoryIo({ 'requirements.txt': 'comm', 'a.ipynb': '{}' })
    const p = await prepareLaunch(spec, first.io)
    expect(p.verdict.kind).toBe('browser')
    expect(p.lock?.packages.comm).toMatchObject({
      name: 'comm',
      version: '0.2.2',
      file_name: 'https://files.pypi.test/comm-0.2.2-py3-none-any.whl',
      depends: ['traitlets'],
      source: 'index',
    })
    expect(p.lock?.packages.traitlets).toMatchObject({ source: 'pyodide', file_name: lock.packages.traitlets.fileName })
    expect(p.lock?.info).toMatchObject({ python: lock.info.python, abi_version: lock.info.abiVersion })
    const stored = first.envs.get('git:r@main@abc123')
    expect(stored?.lock).toEqual(p.lock)
    const again = await prepareLaunch(spec, {
      ...first.io,
      index: {
        json: async () => {
          throw new Error('offline')
        },
        fetchBytes: async () => {
          throw new Error('offline')
        },
      },
    })
    expect(again).toMatchObject({ isEnvFromCache: true, pyodidePackages: ['traitlets'], lock: p.lock })
    expect(again.wheels.map((w) => w.filename)).toEqual(['comm-0.2.2-py3-none-any.whl'])
  })
})

describe('prepareLaunch: an extra index that did not answer', () => {
  it('is a warning at its line, stored with the environment and repeated when it is reopened offline', async () => {
    const files = { 'requirements.txt': '--extra-index-url https://down.test/simple\ncomm', 'a.ipynb': '{}' }
    const first = memoryIo(files)
    const json = first.io.index.json
    const down = (url: string) => {
      if (url.startsWith('https://down.test/')) throw new IndexUnreachableError(url, 'connection refused')
    }
    const io: PrepareIo = {
      ...first.io,
      index: { ...first.io.index, json: async (url, ...rest) => (down(url), json(url, ...rest)) },
    }
    const warning = expect.objectContaining({
      level: 'warning',
      file: 'requirements.txt:1',
      text: expect.stringContaining('https://down.test/simple could not be reached (connection refused)'),
    })
    const note = expect.objectContaining({ level: 'note', file: 'requirements.txt:1' })
    const p = await prepareLaunch(spec, io)
    expect(p.verdict).toEqual({ kind: 'browser-with-warnings', reasons: [note, warning] })
    expect(p.packages.map((x) => x.name)).toContain('comm')
    expect(first.envs.get('git:r@main@abc123')?.unreachable).toEqual([
      { indexUrl: 'https://down.test/simple', reason: 'connection refused' },
    ])
    const offline = {
      json: async () => {
        throw new Error('offline')
      },
      fetchBytes: async () => {
        throw new Error('offline')
      },
    }
    const again = await prepareLaunch(spec, { ...first.io, index: offline })
    expect(again).toMatchObject({
      isEnvFromCache: true,
      verdict: { kind: 'browser-with-warnings', reasons: [note, warning] },
    })
  })
})

describe('wheelBytes: a corrupt download is fetched once more, then refused', () => {
  const good = enc('the real wheel')
  const pkg = async (): Promise<ResolvedPackage> => ({
    name: 'x',
    version: '1',
    source: 'index',
    url: 'https://files.test/x-1-py3-none-any.whl',
    filename: 'x-1-py3-none-any.whl',
    sha256: await sha256Hex(good),
    requestedBy: [],
  })
  const io = (answers: Uint8Array[]) => {
    const reloads: boolean[] = []
    return {
      reloads,
      io: {
        index: {
          fetchBytes: async (_url: string, _p?: unknown, opts?: { isReload?: boolean }) => {
            reloads.push(opts?.isReload === true)
            return answers.shift() ?? good
          },
        },
        wheels: { get: async () => undefined, put: async () => {} },
      },
    }
  }

  it('recovers when the second download is right, bypassing the HTTP cache', async () => {
    const t = io([enc('torn'), good])
    expect((await wheelBytes(await pkg(), [], t.io)).bytes).toEqual(good)
    expect(t.reloads).toEqual([false, true])
  })

  it('CORRUPT_DOWNLOAD when both downloads are wrong', async () => {
    const t = io([enc('bad'), enc('bad')])
    await expect(wheelBytes(await pkg(), [], t.io)).rejects.toMatchObject({
      code: 'CORRUPT_DOWNLOAD',
      data: { url: 'https://files.test/x-1-py3-none-any.whl' },
    })
    expect(t.reloads).toEqual([false, true])
  })
})

describe('prepareLaunch: Pyodide packages in the download phase (issue 22)', () => {
  const BASE = 'https://cdn.test/full/'
  // The lock with six's sha256 made to match the fake fetcher's bytes (a file's bytes are its name).
  async function sixLock() {
    const six = lock.packages.six
    return { ...lock, packages: { ...lock.packages, six: { ...six, sha256: await sha256Hex(enc(six.fileName)) } } }
  }

  it('fetches the lock packages with progress in bytes, keeps them, and hands them on; a reopen reads the store', async () => {
    const kept = new Map<string, Uint8Array>()
    const store = {
      get: async (u: string) => kept.get(u),
      put: async (u: string, d: Uint8Array) => void kept.set(u, d),
    }
    const asked: string[] = []
    const progress: Array<{ phase: string; bytes?: number; total?: number }> = []
    const fixed = await sixLock()
    const { io, envs } = memoryIo(
      { 'requirements.txt': 'six', 'a.ipynb': '{}' },
      {
        lock: async () => fixed,
        pyodideFiles: { baseUrl: BASE, store },
        onProgress: (p) => progress.push(p),
      },
    )
    io.index.fetchBytes = async (url) => (asked.push(url), enc(url.split('/').pop() ?? ''))
    const p = await prepareLaunch(spec, io)
    const url = `${BASE}${fixed.packages.six.fileName}`
    expect(p.pyodidePackages).toEqual(['six'])
    expect(p.pyodideFiles).toEqual([{ url, data: enc(fixed.packages.six.fileName) }])
    expect(asked).toEqual([url])
    expect(kept.has(url)).toBe(true)
    expect(progress.filter((x) => x.phase === 'downloading').some((x) => (x.bytes ?? 0) > 0 && x.total === 1)).toBe(
      true,
    )
    // Reopening the stored environment reads the store: no request, same bytes for the kernel.
    const again = await prepareLaunch(spec, { ...io, envs: { get: async (id) => envs.get(id), put: async () => {} } })
    expect(again.isEnvFromCache).toBe(true)
    expect(again.pyodideFiles).toEqual([{ url, data: enc(fixed.packages.six.fileName) }])
    expect(asked).toEqual([url])
  })

  it('a blocked package host stops the launch in its download phase with HOST_UNREACHABLE', async () => {
    const fixed = await sixLock()
    const { io } = memoryIo(
      { 'requirements.txt': 'six', 'a.ipynb': '{}' },
      { lock: async () => fixed, pyodideFiles: { baseUrl: BASE } },
    )
    io.index.fetchBytes = async () => {
      throw new TypeError('Failed to fetch')
    }
    await expect(prepareLaunch(spec, io)).rejects.toMatchObject({
      phase: 'downloading',
      cause: { code: 'HOST_UNREACHABLE', data: { host: 'cdn.test', configKey: 'pyodidePackageBaseUrl' } },
    })
  })
})

describe('prepareLaunch: an nbgitpuller link', () => {
  it("puts the pulled repository's files in its folder; its environment files are not the launch's", async () => {
    const pulled = { path: 'requirements.txt', data: enc('numpy==1.24.0') }
    const { io } = memoryIo(
      { 'a.ipynb': '{}' },
      {
        pull: async () => ({
          sha: 'def456',
          isFromCache: false,
          files: [pulled, { path: 'w1.ipynb', data: enc('{}') }],
        }),
      },
    )
    const p = await prepareLaunch({ ...spec, gitPull: { repo: 'https://git.test/course', target: 'course' } }, io)
    expect(p.files.map((f) => f.path).sort()).toEqual(['a.ipynb', 'course/requirements.txt', 'course/w1.ipynb'])
    expect(p.notebooks.sort()).toEqual(['a.ipynb', 'course/w1.ipynb'])
    expect(p.pulled).toEqual({ repo: 'https://git.test/course', target: 'course', sha: 'def456' })
    expect(p.verdict.kind).toBe('browser')
  })
})
