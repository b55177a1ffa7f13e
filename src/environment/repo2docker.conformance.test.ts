// Quire against repo2docker's own test repositories (their configuration files, copied into
// __fixtures__/repo2docker/ with a NOTICE). For each: the environment kind (repo2docker's
// buildpack), the packages asked for, and the verdict, each with repo2docker's reasoning; where
// Quire differs on purpose, docs/repo2docker-conformance.md says why. The table there maps each
// rule to the case here that checks it.
import { describe, expect, it } from 'vitest'
import type { VerdictKind } from './verdict'
import type { EnvKind } from './readEnvSpec'
import { readCase } from './__fixtures__/repo2docker/readCase'

interface Case {
  /** repo2docker's tests/<name>. */
  name: string
  /** What repo2docker does with it, and why (buildpacks/…). */
  rule: string
  kind: EnvKind
  python: string[]
  r?: string[]
  verdict: VerdictKind
  /** A reason Quire gives for the verdict: [level, file, words it contains]. */
  because?: [string, string, RegExp]
}

const CASES: Case[] = [
  // conda: CondaBuildPack.detect() is `bool(self.environment_yaml_path)`; it comes before Pipfile and Python.
  {
    name: 'conda/yaml',
    rule: 'environment.yaml is the second spelling conda looks for',
    kind: 'conda',
    python: [],
    verdict: 'browser-with-warnings',
    because: ['warning', 'environment.yaml', /asks for Python 3\.12/],
  },
  {
    name: 'conda/py2',
    rule: 'python=2 in dependencies picks a Python 2 kernel',
    kind: 'conda',
    python: ['numpy'],
    verdict: 'browser-with-warnings',
    because: ['warning', 'environment.yml', /Python 2;/],
  },
  {
    name: 'conda/py312',
    rule: 'python=3.12 picks that Python',
    kind: 'conda',
    python: [],
    verdict: 'browser-with-warnings',
  },
  {
    name: 'conda/py310-requirements-file',
    rule: 'the pip: section is installed; requirements.txt beside environment.yml is not',
    kind: 'conda',
    python: ['numpy', 'simplejson'],
    verdict: 'browser-with-warnings',
    because: ['note', 'requirements.txt', /ignored: environment\.yml takes precedence/],
  },
  {
    name: 'conda/py35-binder-dir',
    rule: '.binder/ is the only place read: the root Dockerfile and environment.yml are ignored',
    kind: 'conda',
    python: ['numpy'],
    verdict: 'browser-with-warnings',
    because: ['note', '.binder/environment.yml', /libgfortran/],
  },
  {
    name: 'conda/downgrade',
    rule: 'xeus-cling (a C++ kernel) and its libraries come from conda-forge',
    kind: 'conda',
    python: [],
    verdict: 'hub',
    because: ['hub', 'environment.yml', /xeus-cling is a C\+\+ kernel/],
  },
  {
    name: 'conda/py36-postBuild',
    rule: 'postBuild runs after the environment; here it runs mamba install',
    kind: 'conda',
    python: ['numpy'],
    verdict: 'hub',
    because: ['hub', 'postBuild', /mamba install/],
  },
  {
    name: 'conda/py-r-postbuild-file',
    rule: 'r-base in environment.yml gives R through conda; postBuild only runs `pip install there`',
    kind: 'conda',
    python: ['pytest', 'there'],
    r: ['digest'],
    verdict: 'browser',
    because: ['note', 'postBuild', /only runs pip install \(there\)/],
  },
  {
    name: 'conda/r3.6-target-repo-dir-flag',
    rule: 'r-base=3.6 asks for that R',
    kind: 'conda',
    python: [],
    r: ['digest'],
    verdict: 'browser-with-warnings',
    because: ['warning', 'environment.yml', /asks for R 3\.6/],
  },
  // venv: PythonBuildPack.detect(): runtime.txt's name when there is one, else setup.py/pyproject or requirements.txt.
  {
    name: 'venv/numpy',
    rule: 'requirements.txt picks the Python buildpack',
    kind: 'python',
    python: ['numpy'],
    verdict: 'browser',
  },
  {
    name: 'venv/py3',
    rule: 'runtime.txt python-3 alone picks the Python buildpack, Python 3',
    kind: 'python',
    python: [],
    verdict: 'browser',
  },
  {
    name: 'venv/py35',
    rule: 'runtime.txt python-3.5',
    kind: 'python',
    python: [],
    verdict: 'browser-with-warnings',
    because: ['warning', 'runtime.txt', /asks for Python 3\.5/],
  },
  {
    name: 'venv/py2',
    rule: 'runtime.txt python-2.7 gives a Python 2 kernel',
    kind: 'python',
    python: ['numpy'],
    verdict: 'browser-with-warnings',
  },
  {
    name: 'venv/py2-with-kernel-requirements',
    rule: 'requirements3.txt is for the Python 3 server beside a Python 2 kernel',
    kind: 'python',
    python: ['numpy'],
    verdict: 'browser-with-warnings',
  },
  {
    name: 'venv/binder-dir',
    rule: 'binder/ wins: the root environment.yml, apt.txt and postBuild are ignored',
    kind: 'python',
    python: ['ipyleaflet'],
    verdict: 'hub',
    because: ['hub', 'binder/apt.txt', /Debian system packages/],
  },
  {
    name: 'venv/apt-packages',
    rule: 'apt.txt installs Debian packages (base buildpack)',
    kind: 'default',
    python: [],
    verdict: 'hub',
  },
  {
    name: 'venv/postBuild',
    rule: 'postBuild runs npm install',
    kind: 'python',
    python: ['jupyter-keepalive'],
    verdict: 'hub',
    because: ['hub', 'postBuild', /npm install/],
  },
  {
    name: 'venv/start/start-script',
    rule: '`start` wraps the server at launch (base buildpack get_start_script)',
    kind: 'default',
    python: [],
    verdict: 'browser-with-warnings',
    because: ['warning', 'start', /when a hub starts the server/],
  },
  {
    name: 'venv/start/postBuild',
    rule: 'postBuild writes into $HOME; start sets a variable',
    kind: 'python',
    python: ['ipyleaflet'],
    verdict: 'hub',
  },
  // pipfile: PipfileBuildPack.detect(): Pipfile or Pipfile.lock (unless runtime.txt names another runtime);
  // it runs `pipenv install --dev`, with --ignore-pipfile when there is a lock.
  {
    name: 'pipfile/pipfile-lock',
    rule: 'the lock wins over the Pipfile; default and develop are installed',
    kind: 'pipfile',
    python: ['pypi-pkg-test ==0.0.4', 'there ==0.0.9'],
    verdict: 'browser',
  },
  {
    name: 'pipfile/requirements-txt',
    rule: 'Pipfile over requirements.txt; [dev-packages] installed too',
    kind: 'pipfile',
    python: ['pypi-pkg-test', 'there'],
    verdict: 'browser',
    because: ['note', 'requirements.txt', /ignored: Pipfile takes precedence/],
  },
  {
    name: 'pipfile/environment-yml',
    rule: 'environment.yml wins over a Pipfile (conda comes first)',
    kind: 'conda',
    python: ['pypi-pkg-test'],
    verdict: 'browser',
  },
  {
    name: 'pipfile/binder-folder',
    rule: 'binder/Pipfile, not the root one',
    kind: 'pipfile',
    python: ['pypi-pkg-test'],
    verdict: 'browser',
  },
  {
    name: 'pipfile/binder-folder-lock',
    rule: 'binder/Pipfile.lock, not the root files',
    kind: 'pipfile',
    python: ['pypi-pkg-test ==0.0.4'],
    verdict: 'browser',
  },
  {
    name: 'pipfile/py36',
    rule: 'runtime.txt python-3.7 and the lock asking for 3.6',
    kind: 'pipfile',
    python: ['pypi-pkg-test ==0.0.4', 'there ==0.0.9'],
    verdict: 'browser-with-warnings',
  },
  {
    name: 'pipfile/py2-with-server-and-kernel-req',
    rule: 'a Python 2.7 lock; requirements3.txt for the server',
    kind: 'pipfile',
    python: ['numpy ==1.16.4', 'parse ==1.12.0'],
    verdict: 'browser-with-warnings',
  },
  {
    name: 'pipfile/setup-py-explicit',
    rule: 'the Pipfile installs the repository itself (`path = "."`)',
    kind: 'pipfile',
    python: ['there', '.'],
    verdict: 'browser',
  },
  {
    name: 'pipfile/setup-py-explicit-in-binder-dir',
    rule: 'pipenv runs in .binder/, so `path = ".."` is the repository root',
    kind: 'pipfile',
    python: ['there', '.'],
    verdict: 'browser',
  },
  {
    name: 'pipfile/setup-py-implicit',
    rule: 'setup.py is not installed when the Pipfile does not ask for it',
    kind: 'pipfile',
    python: ['there'],
    verdict: 'browser',
  },
  // pyproject: PythonBuildPack._is_python_package(): [project] with [build-system], root only; `pip install .`.
  {
    name: 'pyproject/pyproject-toml',
    rule: 'pyproject.toml with [project] and [build-system] is installed',
    kind: 'python',
    python: ['numpy'],
    verdict: 'browser',
  },
  // r: RBuildPack.detect(): runtime.txt `r-…` with a date, or a root DESCRIPTION without a binder folder.
  {
    name: 'r/r4.6-rspm',
    rule: 'r-4.6.1-2026-06-24: R 4.6.1 and packages as of that day',
    kind: 'r',
    python: [],
    r: ['digest'],
    verdict: 'browser-with-warnings',
    because: ['warning', 'runtime.txt', /pins CRAN packages as of 2026-06-24/],
  },
  { name: 'r/r4.5-rspm', rule: 'r-4.5.1-date', kind: 'r', python: [], r: ['digest'], verdict: 'browser-with-warnings' },
  {
    name: 'r/r4.3.2-rspm',
    rule: 'r-4.3.2-date',
    kind: 'r',
    python: [],
    r: ['digest'],
    verdict: 'browser-with-warnings',
  },
  {
    name: 'r/r3.6-rspm',
    rule: 'r-3.6-date: x.y completed to the last patch release',
    kind: 'r',
    python: [],
    r: ['digest'],
    verdict: 'browser-with-warnings',
    because: ['warning', 'runtime.txt', /asks for R 3\.6/],
  },
  {
    name: 'r/r-rspm-apt-file',
    rule: 'r-2025-07-01 (name-date): the default R; apt.txt beside it',
    kind: 'r',
    python: [],
    r: ['digest'],
    verdict: 'hub',
    because: ['warning', 'runtime.txt', /pins CRAN packages as of 2025-07-01/],
  },
  {
    name: 'r/r-rspm-description-file',
    rule: 'a root DESCRIPTION alone picks R and installs the package',
    kind: 'r',
    python: [],
    verdict: 'browser-with-warnings',
    because: ['warning', 'DESCRIPTION', /own package binderdescription/],
  },
  // julia, nix, dockerfile: buildpacks the browser has no counterpart for.
  { name: 'julia/project', rule: 'Project.toml picks Julia', kind: 'julia', python: [], verdict: 'hub' },
  {
    name: 'julia/project-binder-dir',
    rule: '.binder/Project.toml, not the root one',
    kind: 'julia',
    python: [],
    verdict: 'hub',
    because: ['hub', '.binder/Project.toml', /Julia/],
  },
  { name: 'nix/simple', rule: 'default.nix picks Nix', kind: 'nix', python: [], verdict: 'hub' },
  { name: 'nix/test-building', rule: 'default.nix', kind: 'nix', python: [], verdict: 'hub' },
  { name: 'nix/binder-dir', rule: 'binder/default.nix', kind: 'nix', python: [], verdict: 'hub' },
  {
    name: 'nix/ignore-outside',
    rule: 'binder/ wins: the root default.nix and start are ignored',
    kind: 'nix',
    python: [],
    verdict: 'hub',
    because: ['hub', 'binder/default.nix', /Nix/],
  },
  { name: 'nix/start', rule: 'default.nix with a start script', kind: 'nix', python: [], verdict: 'hub' },
  { name: 'dockerfile/simple', rule: 'a Dockerfile is built as is', kind: 'dockerfile', python: [], verdict: 'hub' },
  { name: 'dockerfile/editable', rule: 'a Dockerfile', kind: 'dockerfile', python: [], verdict: 'hub' },
  {
    name: 'dockerfile/jupyter-stack',
    rule: 'a Dockerfile FROM a Jupyter stack',
    kind: 'dockerfile',
    python: [],
    verdict: 'hub',
  },
  {
    name: 'dockerfile/binder-dir',
    rule: 'binder/Dockerfile, not the root one',
    kind: 'dockerfile',
    python: [],
    verdict: 'hub',
    because: ['hub', 'binder/Dockerfile', /custom container image/],
  },
]

describe("repo2docker's test repositories", () => {
  it.each(CASES)('$name: $rule', async (c) => {
    const got = await readCase(c.name)
    expect(got.spec.kind).toBe(c.kind)
    expect(got.python).toEqual(c.python)
    expect(got.r).toEqual(c.r ?? [])
    expect(got.verdict).toBe(c.verdict)
    if (c.because) {
      const [level, file, text] = c.because
      expect(got.spec.reasons).toContainEqual(
        expect.objectContaining({ level, file, text: expect.stringMatching(text) }),
      )
    }
  })

  it('reads only the binder folder when there is one (the root Dockerfile of conda/py35-binder-dir is not seen)', async () => {
    const { spec } = await readCase('conda/py35-binder-dir')
    expect(spec.configDir).toBe('.binder')
    expect(spec.found).toEqual(['.binder/environment.yml'])
  })

  it('covers every test repository copied from repo2docker', async () => {
    const { readdirSync, statSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { REPO2DOCKER_TESTS } = await import('./__fixtures__/repo2docker/readCase')
    const cases = ['conda', 'venv', 'venv/start', 'pipfile', 'pyproject', 'r', 'julia', 'nix', 'dockerfile'].flatMap(
      (g) =>
        readdirSync(join(REPO2DOCKER_TESTS, g))
          .filter((c) => statSync(join(REPO2DOCKER_TESTS, g, c)).isDirectory() && `${g}/${c}` !== 'venv/start')
          .map((c) => `${g}/${c}`),
    )
    expect(cases.sort()).toEqual(CASES.map((c) => c.name).sort())
  })
})

// Rules repo2docker states in its buildpacks and unit tests (tests/unit/test_binder_dir.py,
// test_r.py, buildpacks/base.py `runtime`), on small repositories written here.
async function spec(files: Record<string, string>) {
  const { findEnvFiles } = await import('./findEnvFiles')
  const { readEnvSpec } = await import('./readEnvSpec')
  const { verdictOf } = await import('./verdict')
  const s = await readEnvSpec(findEnvFiles(Object.keys(files)), async (p) => files[p] ?? '')
  return { ...s, verdict: verdictOf(s.reasons).kind, names: s.requirements.map((r) => r.name) }
}

describe("repo2docker's rules on written repositories", () => {
  it('binder/, .binder/ or the root; both folders is an error (test_binder_dir.py)', async () => {
    expect((await spec({ 'binder/requirements.txt': 'a', 'requirements.txt': 'b' })).names).toEqual(['a'])
    expect((await spec({ '.binder/requirements.txt': 'a', 'requirements.txt': 'b' })).names).toEqual(['a'])
    expect((await spec({ 'requirements.txt': 'b' })).names).toEqual(['b'])
    await expect(spec({ 'binder/requirements.txt': 'a', '.binder/requirements.txt': 'b' })).rejects.toMatchObject({
      code: 'CONFLICTING_BINDER_DIRS',
    })
  })

  it.each([
    ['python-3.10', 'python', 'browser-with-warnings', /asks for Python 3\.10/],
    ['python-3', 'python', 'browser', undefined],
    ['r-4.4-2025-01-01', 'r', 'browser-with-warnings', /pins CRAN packages as of 2025-01-01/],
    ['r-2025-01-01', 'r', 'browser-with-warnings', /pins CRAN packages as of 2025-01-01/],
    ['python3.10', 'python', 'browser-with-warnings', /repo2docker refuses \("Invalid runtime\.txt"/],
    ['r-4.4-2025-1-1', 'python', 'browser-with-warnings', /not a yyyy-mm-dd date/],
    ['julia-1.10', 'default', 'hub', /the "julia" runtime/],
  ])('runtime.txt %s with requirements.txt: %s buildpack, %s', async (line, kind, verdict, because) => {
    const s = await spec({ 'runtime.txt': `${line}\n`, 'requirements.txt': 'tinytable\n' })
    expect(s.kind).toBe(kind)
    expect(s.verdict).toBe(verdict)
    expect(s.names).toEqual(['tinytable'])
    if (because) expect(s.reasons.map((r) => r.text)).toContainEqual(expect.stringMatching(because))
  })

  it('runtime.txt r-4.4 without a date: no R buildpack (checkpoint_date is False); R is read, with no date', async () => {
    const s = await spec({ 'runtime.txt': 'r-4.4', 'install.R': 'install.packages("digest")' })
    expect(s.kind).toBe('default')
    expect(s.r?.packages.map((p) => p.name)).toEqual(['digest'])
    expect(s.reasons).toContainEqual(expect.objectContaining({ level: 'note', file: 'install.R' }))
  })

  it('install.R with neither runtime.txt r-… nor DESCRIPTION: repo2docker picks no R; Quire runs it and says so', async () => {
    const s = await spec({ 'install.R': 'install.packages("digest")\n', 'requirements.txt': 'tinytable' })
    expect(s.kind).toBe('python')
    expect(s.r?.packages.map((p) => p.name)).toEqual(['digest'])
    expect(s.verdict).toBe('browser')
    expect(s.reasons).toContainEqual(
      expect.objectContaining({ level: 'note', file: 'install.R', text: expect.stringMatching(/gets no R/) }),
    )
  })

  it('DESCRIPTION picks R only at the root without a binder folder', async () => {
    expect((await spec({ DESCRIPTION: 'Package: x\nImports: digest\n' })).kind).toBe('r')
    const inBinder = await spec({ DESCRIPTION: 'Package: x\nImports: digest\n', 'binder/requirements.txt': 'a' })
    expect(inBinder.kind).toBe('python')
    expect(inBinder.found).toEqual(['binder/requirements.txt'])
  })

  it('setup.py with requirements.txt: both installed (pip install -r, then pip install .)', async () => {
    const s = await spec({
      'requirements.txt': 'tinytable\n',
      'setup.py': 'from setuptools import setup\nsetup(name="x", install_requires=["greetings>=0.3"])\n',
    })
    expect(s.kind).toBe('python')
    expect(s.names).toEqual(['tinytable', 'greetings'])
    expect(s.verdict).toBe('browser')
  })

  it('setup.py in a repository with a binder folder is not installed (_is_python_package)', async () => {
    const s = await spec({ 'binder/requirements.txt': 'tinytable\n', 'setup.py': 'setup(install_requires=["x"])' })
    expect(s.names).toEqual(['tinytable'])
    expect(s.found).not.toContain('setup.py')
  })

  it('-e . in requirements.txt: the repository folder is importable (a local reference repo2docker installs)', async () => {
    const s = await spec({ 'requirements.txt': '-e .\ntinytable\n' })
    expect(s.names).toEqual(['tinytable'])
    expect(s.verdict).toBe('browser')
    expect(s.reasons).toContainEqual(expect.objectContaining({ file: 'requirements.txt:1', level: 'note' }))
  })

  it('postBuild that only pip-installs: its packages are resolved, not a hub', async () => {
    const s = await spec({
      'requirements.txt': 'tinytable\n',
      postBuild: '#!/bin/bash\nset -ex\npip install --no-cache-dir greetings==0.3.0 "miniwidgets>=1"\n',
    })
    expect(s.requirements.map((r) => `${r.name}${r.specifier} ${r.file}:${r.line}`)).toEqual([
      'tinytable requirements.txt:1',
      'greetings==0.3.0 postBuild:3',
      'miniwidgets>=1 postBuild:3',
    ])
    expect(s.verdict).toBe('browser')
    for (const work of [
      'pip install -r other.txt',
      'pip install -e .',
      'pip install git+https://x/y',
      'conda install x',
    ])
      expect((await spec({ postBuild: work })).verdict).toBe('hub')
  })

  it('start: run when a hub starts the server; the browser does not', async () => {
    const s = await spec({ 'binder/start': '#!/bin/bash\nexport X=1\nexec "$@"\n', 'binder/requirements.txt': 'a' })
    expect(s.verdict).toBe('browser-with-warnings')
    expect(s.reasons).toContainEqual(expect.objectContaining({ level: 'warning', file: 'binder/start' }))
  })
})
