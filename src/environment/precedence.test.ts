// repo2docker's precedence and the verdict, on small in-memory repositories.
import { describe, expect, it } from 'vitest'
import { findEnvFiles } from './findEnvFiles'
import { readEnvSpec } from './readEnvSpec'
import { verdictOf } from './verdict'

async function spec(files: Record<string, string>) {
  const s = await readEnvSpec(findEnvFiles(Object.keys(files)), async (p) => {
    const t = files[p]
    if (t === undefined) throw new Error(`ENOENT ${p}`)
    return t
  })
  return { ...s, verdict: verdictOf(s.reasons).kind }
}

describe('readEnvSpec: precedence and verdict', () => {
  it('a Dockerfile overrides every other file', async () => {
    const s = await spec({
      Dockerfile: 'FROM x',
      'requirements.txt': 'tinytable',
      'environment.yml': 'dependencies: [numpy]',
    })
    expect(s).toMatchObject({ kind: 'dockerfile', verdict: 'hub', requirements: [] })
    expect(s.reasons).toEqual([expect.objectContaining({ level: 'hub', file: 'Dockerfile' })])
  })

  it('Pipfile over requirements.txt; Pipfile read when there is no lock, dev-packages too (pipenv install --dev)', async () => {
    const s = await spec({
      Pipfile:
        '[packages]\ntinytable = ">=1.1"\ngreetings = {version = "*", extras = ["loud"]}\n[dev-packages]\npytest = "*"\n[requires]\npython_version = "3.14"\n',
      'requirements.txt': 'numpy',
    })
    expect(s.kind).toBe('pipfile')
    expect(s.requirements.map((r) => [r.name, r.specifier, r.extras, r.line])).toEqual([
      ['tinytable', '>=1.1', [], 2],
      ['greetings', '', ['loud'], 3],
      ['pytest', '', [], 5],
    ])
    expect(s.verdict).toBe('browser')
  })

  it("Pipfile.lock: default and develop, each package on its group's line", async () => {
    const lock = JSON.stringify(
      {
        _meta: { requires: { python_version: '3.14' } },
        default: { tinytable: { version: '==1.2.0' } },
        develop: { tinytable: { version: '==1.2.0' }, greetings: { version: '==0.3.0' } },
      },
      null,
      4,
    )
    const s = await spec({ 'Pipfile.lock': lock, Pipfile: '[packages]\ntinytable = "*"\n' })
    expect(s.requirements.map((r) => [r.name, r.specifier, r.line])).toEqual([
      ['tinytable', '==1.2.0', 8],
      ['tinytable', '==1.2.0', 13],
      ['greetings', '==0.3.0', 16],
    ])
  })

  it('environment.yaml is read as environment.yml is; .yml wins when both exist (repo2docker)', async () => {
    const yaml = await spec({ 'binder/environment.yaml': 'dependencies:\n  - numpy\n  - pip:\n    - tinytable\n' })
    expect(yaml).toMatchObject({ kind: 'conda', found: ['binder/environment.yaml'] })
    expect(yaml.requirements.map((r) => `${r.name} ${r.file}`)).toEqual([
      'numpy binder/environment.yaml',
      'tinytable binder/environment.yaml',
    ])
    const both = await spec({ 'environment.yml': 'dependencies: [numpy]', 'environment.yaml': 'dependencies: [scipy]' })
    expect(both.requirements.map((r) => r.name)).toEqual(['numpy'])
  })

  it('no configuration gives the default environment', async () => {
    const s = await spec({})
    expect(s).toMatchObject({ kind: 'default', verdict: 'browser', requirements: [] })
    expect(s.reasons).toEqual([
      expect.objectContaining({ level: 'note', text: expect.stringMatching(/default environment/) }),
    ])
  })

  it('runtime.txt: another Python warns; R runs on webR, another R version warns', async () => {
    expect((await spec({ 'runtime.txt': 'python-3.14\n' })).verdict).toBe('browser')
    expect((await spec({ 'runtime.txt': 'python-3.10\n' })).verdict).toBe('browser-with-warnings')
    expect(await spec({ 'runtime.txt': 'r-4.1-2022-01-10' })).toMatchObject({
      kind: 'r',
      verdict: 'browser-with-warnings',
    })
  })

  // install.R and DESCRIPTION are R's, resolved against webR's repository (src/resolve-r/rVerdict.test.ts).
  it.each(['apt.txt', 'Project.toml', 'default.nix'])('%s needs a hub', async (file) => {
    expect((await spec({ [file]: 'x', 'requirements.txt': 'tinytable' })).verdict).toBe('hub')
  })

  it('postBuild: only extensions warns, real work needs a hub', async () => {
    const ext = await spec({
      postBuild:
        '#!/bin/bash\nset -ex\njupyter labextension install @jupyter-widgets/jupyterlab-manager\njupyter nbextension enable --py widgetsnbextension\njupyter serverextension enable voila\n',
    })
    expect(ext.verdict).toBe('browser-with-warnings')
    const work = await spec({ postBuild: 'jupyter nbextension enable x\nwget https://x/data.csv\n' })
    expect(work.verdict).toBe('hub')
    expect(work.reasons[0].text).toMatch(/line 2: wget/)
  })

  it('setup.py / pyproject.toml: pure Python is imported from the folder; native code needs a hub', async () => {
    expect((await spec({ 'setup.py': 'from setuptools import setup\nsetup(name="x")' })).verdict).toBe('browser')
    expect((await spec({ 'setup.py': 'setup(ext_modules=[Extension("x", ["x.c"])])' })).verdict).toBe('hub')
    const py = await spec({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n  "tinytable>=1.1",\n]\n' })
    expect(py.requirements.map((r) => [r.name, r.file, r.line])).toEqual([['tinytable', 'pyproject.toml', 4]])
    expect((await spec({ 'pyproject.toml': '[build-system]\nbuild-backend = "maturin"\n' })).verdict).toBe('hub')
  })

  it('notes the pip options it acts on and says out loud which are not used', async () => {
    const s = await spec({
      'requirements.txt': '--extra-index-url https://x.test/simple\n-e .\n--no-binary :all:\ntinytable\n',
    })
    expect(s.reasons.map((r) => [r.level, r.file])).toEqual([
      ['note', 'requirements.txt:1'],
      ['note', 'requirements.txt:2'],
      ['note', 'requirements.txt:3'],
    ])
    expect(s.reasons[0].text).toContain('also looked up in this simple index')
    expect(s.reasons[2].text).toBe('--no-binary :all: is ignored in the browser.')
  })

  it('reads -c constraints without adding packages', async () => {
    const s = await spec({
      'requirements.txt': '-c constraints.txt\ntinytable\n',
      'constraints.txt': 'tinytable<1.2\ngreetings==1\n',
    })
    expect(s.requirements.map((r) => r.name)).toEqual(['tinytable'])
    expect(s.constraints.map((r) => `${r.name}${r.specifier}`)).toEqual(['tinytable<1.2', 'greetings==1'])
  })
})
