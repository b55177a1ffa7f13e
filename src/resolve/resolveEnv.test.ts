import { describe, expect, it } from 'vitest'
import { hasRealConfigs, noteIfNoRealConfigs, readReal } from '../shared/__fixtures__/realConfigs'
import {
  fakeIndex,
  fakeSha256,
  type FakeIndex,
  INDEX_URL,
  realLockJson,
  type ProjectFixture,
} from './__fixtures__/fakeIndex'
import { ALL, numpy } from './__fixtures__/projects'

noteIfNoRealConfigs('src/resolve/resolveEnv.test.ts: 1 test on the real norvig/pytudes requirements.txt')
import { loadPyodideLock } from './pyodideLock'
import { parseRequirements } from './requirements'
import { resolveEnv, type ResolveIo, type ResolveProgress } from './resolveEnv'

const lock = loadPyodideLock(realLockJson())
const reqs = (text: string) => parseRequirements(text, 'requirements.txt').requirements
const io = (
  projects: ProjectFixture[] = ALL,
  extra: Omit<Partial<ResolveIo>, 'index'> = {},
): ResolveIo & { index: FakeIndex } => ({ lock, indexUrl: INDEX_URL, ...extra, index: fakeIndex(projects) })
const resolve = async (text: string, projects?: ProjectFixture[]) => {
  const env = await resolveEnv(reqs(text), io(projects))
  return Object.fromEntries(env.packages.map((p) => [p.name, p]))
}
const failure = async (text: string, projects?: ProjectFixture[]) =>
  resolveEnv(reqs(text), io(projects)).then(
    () => {
      throw new Error('resolved')
    },
    (e: unknown) => e,
  )

describe('resolveEnv: Pyodide builds first', () => {
  it('takes numpy from the real lock without asking the index', async () => {
    const i = io()
    const env = await resolveEnv(reqs('numpy'), i)
    expect(env.packages).toEqual([
      {
        name: 'numpy',
        version: lock.packages.numpy.version,
        source: 'pyodide',
        filename: lock.packages.numpy.fileName,
        sha256: lock.packages.numpy.sha256,
        requestedBy: ['requirements.txt:1'],
      },
    ])
    expect(i.index.calls).toEqual([])
  })

  it('pulls the lock closure of requests', async () => {
    const pkgs = await resolve('requests')
    expect(Object.keys(pkgs).sort()).toEqual(['certifi', 'charset-normalizer', 'idna', 'requests', 'urllib3'])
    expect(pkgs.certifi).toMatchObject({
      source: 'pyodide',
      requestedBy: [`requests==${lock.packages.requests.version}`],
    })
  })

  it('adds the dependencies of extras of a Pyodide package from its index metadata', async () => {
    const i = io()
    const env = await resolveEnv(reqs('requests[socks]'), i)
    expect(env.packages.find((p) => p.name === 'PySocks')).toMatchObject({
      source: 'index',
      version: '1.7.1',
      requestedBy: ['requests==2.33.1'],
    })
    expect(env.packages.find((p) => p.name === 'chardet')).toBeUndefined()
    // PySocks declares nothing, so PyPI says `requires_dist: null`, which does not mean "none": its
    // METADATA file (PEP 658) is read to know.
    expect(i.index.calls).toEqual([
      `${INDEX_URL}/pypi/requests/2.33.1/json`,
      `${INDEX_URL}/pypi/pysocks/json`,
      'https://files.pypi.test/PySocks-1.7.1-py3-none-any.whl.metadata',
    ])
  })

  it('resolves norvig/pytudes (numpy, matplotlib; written as it is) entirely from Pyodide', () =>
    expectAllFromPyodide('numpy\nmatplotlib\n'))

  it.skipIf(!hasRealConfigs)('resolves the real norvig/pytudes requirements.txt entirely from Pyodide', () =>
    expectAllFromPyodide(readReal('norvig__pytudes/requirements.txt')),
  )

  async function expectAllFromPyodide(text: string): Promise<void> {
    const pkgs = await resolve(text, [])
    expect(pkgs.matplotlib.version).toBe(lock.packages.matplotlib.version)
    expect(pkgs.six.requestedBy).toContain(`python-dateutil==${lock.packages['python-dateutil'].version}`)
    expect(Object.values(pkgs).every((p) => p.source === 'pyodide')).toBe(true)
    expect(pkgs.numpy.requestedBy.slice(0, 2)).toEqual([
      'requirements.txt:1',
      `matplotlib==${lock.packages.matplotlib.version}`,
    ])
  }

  it('skips requirements whose markers do not hold in Pyodide', async () => {
    const pkgs = await resolve('pywin32 ; sys_platform == "win32"\nsix ; python_version >= "3.9"')
    expect(Object.keys(pkgs)).toEqual(['six'])
  })
})

describe('resolveEnv: the package index', () => {
  it('chooses the newest final release with a browser wheel and follows its requires_dist', async () => {
    const pkgs = await resolve('seaborn')
    expect(pkgs.seaborn).toMatchObject({
      version: '0.13.2',
      source: 'index',
      filename: 'seaborn-0.13.2-py3-none-any.whl',
      url: 'https://files.pypi.test/seaborn-0.13.2-py3-none-any.whl',
      sha256: fakeSha256('seaborn-0.13.2-py3-none-any.whl'),
    })
    expect(pkgs.pandas).toMatchObject({ source: 'pyodide', requestedBy: ['seaborn==0.13.2'] })
    expect(pkgs.scipy).toBeUndefined() // only with [stats]
    expect(pkgs.pytest).toBeUndefined()
  })

  it('takes a pre-release only when the specifier names one', async () => {
    expect((await resolve('seaborn>=0.14.0rc1')).seaborn.version).toBe('0.14.0rc1')
  })

  it('propagates extras, also when they are asked for later', async () => {
    const pkgs = await resolve('seaborn[stats]')
    expect(pkgs.statsmodels).toMatchObject({ source: 'pyodide', requestedBy: ['seaborn==0.13.2'] })
    expect(pkgs.scipy.source).toBe('pyodide')
    const later = await resolve('seaborn\nrequests\nseaborn[stats]')
    expect(later.statsmodels).toBeDefined()
  })

  it('fetches the metadata of an older release it chooses', async () => {
    const i = io()
    const env = await resolveEnv(reqs('seaborn==0.12.2'), i)
    expect(env.packages.map((p) => p.name)).not.toContain('typing_extensions') // marker false on 3.14
    // The chosen wheel's own METADATA (PEP 658), not a second JSON answer that may say null.
    expect(i.index.calls).toEqual([
      `${INDEX_URL}/pypi/seaborn/json`,
      'https://files.pypi.test/seaborn-0.12.2-py3-none-any.whl.metadata',
    ])
  })

  it('resolves ipywidgets across the lock and the index', async () => {
    const pkgs = await resolve('ipywidgets')
    expect(pkgs.ipywidgets.version).toBe('8.1.7')
    expect(pkgs.comm).toMatchObject({ source: 'index', requestedBy: ['ipywidgets==8.1.7'] })
    expect(pkgs.widgetsnbextension.version).toBe('4.0.14') // 4.0.15 is yanked
    expect(pkgs.jupyterlab_widgets.version).toBe('3.0.15') // 4.0.0a1 is a pre-release
    expect(pkgs.traitlets.requestedBy.slice(0, 3)).toEqual([
      'ipywidgets==8.1.7',
      'comm==0.2.2',
      `ipython==${lock.packages.ipython.version}`,
    ])
    expect(pkgs.ipython.source).toBe('pyodide')
    expect(pkgs.jsonschema).toBeUndefined()
  })

  it('takes a yanked release only for an exact pin (PEP 592)', async () => {
    expect((await resolve('widgetsnbextension==4.0.15')).widgetsnbextension.version).toBe('4.0.15')
    expect(await failure('widgetsnbextension>=4.0.15')).toMatchObject({
      code: 'NO_BROWSER_WHEEL',
      data: { found: ['widgetsnbextension-4.0.15-py3-none-any.whl (yanked)'] },
    })
  })

  it('prefers wasm32 builds, honours abi3 and Requires-Python, ignores other ABIs', async () => {
    expect((await resolve('fastthing==1.0')).fastthing.filename).toBe(
      'fastthing-1.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl',
    )
    expect((await resolve('fastthing')).fastthing.filename).toBe(
      'fastthing-1.1-cp312-abi3-pyemscripten_2026_0_wasm32.whl',
    )
    expect(await failure('fastthing>=1.3')).toMatchObject({
      data: { found: ['fastthing-1.3-py3-none-any.whl (requires Python >=3.15)'] },
    })
  })

  it('merges specifiers already queued for the same name', async () => {
    expect((await resolve('widgetsnbextension>=4.0.13\nwidgetsnbextension<4.0.14')).widgetsnbextension.version).toBe(
      '4.0.13',
    )
  })

  it('reports progress', async () => {
    const events: ResolveProgress[] = []
    await resolveEnv(reqs('comm'), io(ALL, { onProgress: (p) => events.push(p) }))
    expect(events).toEqual([
      { phase: 'query', name: 'comm' },
      { phase: 'chosen', name: 'comm', version: '0.2.2', source: 'index' },
      { phase: 'chosen', name: 'traitlets', version: lock.packages.traitlets.version, source: 'pyodide' },
    ])
  })
})

describe('resolveEnv: wheels named by place', () => {
  it('takes a wheel from the repository as source repo', async () => {
    const pkgs = await resolve('./wheels/foo-0.1-py3-none-any.whl')
    expect(pkgs.foo).toEqual({
      name: 'foo',
      version: '0.1',
      source: 'repo',
      filename: 'foo-0.1-py3-none-any.whl',
      path: 'wheels/foo-0.1-py3-none-any.whl',
      requestedBy: ['requirements.txt:1'],
      sha256: undefined,
    })
  })
  it('takes a wheel URL with its hash', async () => {
    const url = 'https://example.org/dl/bar-2.0-py3-none-any.whl'
    const pkgs = await resolve(`bar @ ${url} --hash=sha256:${'A'.repeat(64)}`)
    expect(pkgs.bar).toMatchObject({ source: 'index', version: '2.0', url, sha256: 'a'.repeat(64) })
  })
  it.each([
    './vendor/baz-1.0.tar.gz',
    '.',
    'https://github.com/betatim/rio-tiler/archive/0cbe4ecbc638ec6d7136ab1ffa50f2b9fb48bbd8.zip',
    'git+https://github.com/a/b.git#egg=b',
    './wheels/native-1.0-cp314-cp314-manylinux_2_17_x86_64.whl',
  ])('refuses %s with NO_BROWSER_WHEEL', async (line) => {
    expect(await failure(line)).toMatchObject({ code: 'NO_BROWSER_WHEEL' })
  })
})

describe('resolveEnv: drift, constraints, hashes', () => {
  const numpyVersion = lock.packages.numpy.version

  it('resolves a pin Pyodide cannot meet to the lock version and reports it (asked, got)', async () => {
    const env = await resolveEnv(reqs('numpy==1.24.0'), io([numpy]))
    expect(env.packages).toEqual([expect.objectContaining({ name: 'numpy', version: numpyVersion, source: 'pyodide' })])
    expect(env.drift).toEqual([
      { name: 'numpy', asked: '==1.24.0', got: numpyVersion, requestedBy: 'requirements.txt:1' },
    ])
  })

  it('reports drift when a later dependency pins a lock package below its version (numpy<2)', async () => {
    const env = await resolveEnv(reqs('numpy\noldpins'), io())
    expect(env.packages.map((p) => p.name)).toEqual(['numpy', 'oldpins'])
    expect(env.drift).toEqual([{ name: 'numpy', asked: '<2', got: numpyVersion, requestedBy: 'oldpins==1.0' }])
  })

  it('meets an old pin from the index when it has a browser wheel (six==1.12.0), without drift', async () => {
    const env = await resolveEnv(reqs('six==1.12.0'), io())
    expect(env.packages).toEqual([expect.objectContaining({ name: 'six', version: '1.12.0', source: 'index' })])
    expect(env.drift).toEqual([])
  })

  it('applies -c constraints to what is asked for, and adds nothing', async () => {
    const constraints = parseRequirements('widgetsnbextension<4.0.14\ncomm==0.2.2', 'constraints.txt').requirements
    const env = await resolveEnv(reqs('widgetsnbextension'), io(ALL, { constraints }))
    expect(env.packages.map((p) => `${p.name}==${p.version}`)).toEqual(['widgetsnbextension==4.0.13'])
  })

  it('checks --hash: the chosen file must have one of the pinned digests', async () => {
    const good = await resolveEnv(reqs(`comm==0.2.2 --hash=sha256:${fakeSha256('comm-0.2.2-py3-none-any.whl')}`), io())
    expect(good.packages[0]).toMatchObject({ name: 'comm', version: '0.2.2' })
    expect(await failure(`comm==0.2.2 --hash=sha256:${'0'.repeat(64)}`)).toMatchObject({
      code: 'HASH_MISMATCH',
      data: { pkg: 'comm', requestedBy: 'requirements.txt:1', allowed: ['0'.repeat(64)] },
    })
  })

  it('collects packages with no browser build as problems when asked to, and resolves the rest', async () => {
    const env = await resolveEnv(
      reqs('no-such-package\nfastthing>=1.2,<1.3\ncomm'),
      io(ALL, { isCollectingProblems: true }),
    )
    expect(env.packages.map((p) => p.name)).toEqual(['comm', 'traitlets'])
    expect(env.problems.map((p) => [p.name, p.code, p.requestedBy])).toEqual([
      ['no-such-package', 'PACKAGE_NOT_FOUND', 'requirements.txt:1'],
      ['fastthing', 'NO_BROWSER_WHEEL', 'requirements.txt:2'],
    ])
  })
})

describe('resolveEnv: backtracking', () => {
  const versions = (env: { packages: Array<{ name: string; version: string }> }) =>
    env.packages.map((p) => `${p.name}==${p.version}`).sort()

  it("takes an older release when the newest one's dependency conflicts with a top-level pin", async () => {
    expect(versions(await resolveEnv(reqs('alpha\nbeta<2'), io()))).toEqual(['alpha==1.0', 'beta==1.0'])
  })

  it('revisits a package chosen first when a later dependency rules its version out', async () => {
    expect(versions(await resolveEnv(reqs('gamma\ndelta'), io()))).toEqual(['delta==1.0', 'gamma==1.0'])
  })

  it('asks the index once per project however many attempts it takes', async () => {
    const i = io()
    await resolveEnv(reqs('gamma\ndelta'), i)
    expect(i.index.calls.filter((u) => u.endsWith('/gamma/json'))).toHaveLength(1)
  })

  it('still reports the first conflict when no choice avoids it', async () => {
    expect(await failure('alpha\nbeta<1')).toMatchObject({ code: 'UNSATISFIABLE_PIN', data: { pkg: 'beta' } })
  })
})

describe('resolveEnv: failures a user can act on', () => {
  it('PACKAGE_NOT_FOUND for a name the index does not know', async () => {
    expect(await failure('no-such-package')).toMatchObject({
      code: 'PACKAGE_NOT_FOUND',
      data: { pkg: 'no-such-package', requestedBy: ['requirements.txt:1'] },
    })
  })

  it('UNSATISFIABLE_PIN naming both requesters when a later specifier rejects an index decision', async () => {
    const err = await failure('comm\noldcomm')
    expect(err).toMatchObject({ code: 'UNSATISFIABLE_PIN', data: { pkg: 'comm' } })
    expect(err).toMatchObject({
      data: {
        wishes: [
          { requestedBy: 'requirements.txt:1', specifier: '' },
          { requestedBy: 'oldcomm==1.0', specifier: '<0.2' },
        ],
      },
    })
  })

  it('UNSATISFIABLE_PIN when no release matches at all', async () => {
    expect(await failure('comm==9.9')).toMatchObject({
      code: 'UNSATISFIABLE_PIN',
      message: expect.stringContaining('0.2.2'),
    })
  })

  it('INDEX_UNREACHABLE when the network fails or the answer is not PyPI JSON', async () => {
    for (const options of [{ isDown: true }, { garbage: true }]) {
      const err = await resolveEnv(reqs('comm'), { lock, index: fakeIndex(ALL, options), indexUrl: INDEX_URL }).catch(
        (e: unknown) => e,
      )
      expect(err).toMatchObject({ code: 'INDEX_UNREACHABLE', data: { url: `${INDEX_URL}/pypi/comm/json` } })
    }
  })

  it('stops when aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(resolveEnv(reqs('comm'), io(ALL, { signal: controller.signal }))).rejects.toThrow(/abort/i)
  })
})
