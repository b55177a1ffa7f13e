import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasRealConfigs, noteIfNoRealConfigs, REAL_CONFIGS as REAL } from '../shared/__fixtures__/realConfigs'
import { findEnvFiles } from './findEnvFiles'
import { readEnvSpec, type EnvSpec } from './readEnvSpec'
import { verdictOf } from './verdict'

noteIfNoRealConfigs('src/environment/readEnvSpec.test.ts: readEnvSpec on real Binder repositories')
const REPOS = hasRealConfigs ? readdirSync(REAL).filter((d) => statSync(join(REAL, d)).isDirectory()) : []

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry}` : entry
    return statSync(join(dir, rel)).isDirectory() ? listFiles(dir, rel) : [rel]
  })
}

async function readReal(repo: string): Promise<EnvSpec> {
  const dir = join(REAL, repo)
  return readEnvSpec(findEnvFiles(listFiles(dir)), async (path) => readFileSync(join(dir, path), 'utf8'))
}

function memory(files: Record<string, string>) {
  return async (path: string) => {
    const text = files[path]
    if (text === undefined) throw new Error(`ENOENT: ${path}`)
    return text
  }
}

describe.skipIf(!hasRealConfigs)('readEnvSpec on real Binder repositories', () => {
  it('finds them', () => expect(REPOS.length).toBeGreaterThanOrEqual(18))

  it.each(REPOS)('%s parses without throwing', async (repo) => {
    const spec = await readReal(repo)
    expect(spec.found.length).toBeGreaterThan(0)
  })

  it("follows JesperDramsch's nested -r requirements/… includes in order", async () => {
    const spec = await readReal('JesperDramsch__ml-for-science-reproducibility-tutorial')
    expect(spec.requirements.map((r) => r.name)).toEqual([
      'jupyter-book',
      'matplotlib',
      'numpy',
      'ghp-import',
      'jupytext',
      'sphinx-sitemap',
      'numpy',
      'scikit-learn',
      'matplotlib',
      'seaborn',
      'pandas',
      'pandera',
      'pydantic',
      'shap',
      'surgeon-pytorch',
      'torch',
    ])
    expect(spec.requirements[0]).toMatchObject({ file: 'requirements/book.txt', line: 1 })
    expect(spec.requirements.at(-1)).toMatchObject({ file: 'requirements/tutorial.txt', line: 11 })
    expect(spec.options).toEqual([])
    expect(spec.kind).toBe('python')
  })

  it('reads jupyterlab-demo from .binder/: its environment.yml and a postBuild that does real work', async () => {
    const spec = await readReal('jupyterlab__jupyterlab-demo')
    expect(spec).toMatchObject({
      kind: 'conda',
      configDir: '.binder',
      found: ['.binder/environment.yml', '.binder/postBuild'],
    })
    expect(spec.requirements.map((r) => r.name)).toContain('matplotlib') // from matplotlib-base
    expect(spec.requirements.map((r) => r.name)).not.toContain('jupyterlab')
    expect(verdictOf(spec.reasons).kind).toBe('hub')
    // r-irkernel and r-ggplot2 are R's, resolved against webR's repository (src/resolve-r).
    expect(spec.reasons.filter((r) => r.level === 'hub').map((r) => r.pkg ?? r.file)).toEqual(['.binder/postBuild'])
    expect(spec.r?.packages.map((p) => p.name)).toEqual(['ggplot2'])
  })

  it('reads norvig/pytudes from the root', async () => {
    const spec = await readReal('norvig__pytudes')
    expect(spec.configDir).toBe('')
    expect(spec.requirements.map((r) => [r.normalized, r.specifier, r.file, r.line])).toEqual([
      ['numpy', '', 'requirements.txt', 1],
      ['matplotlib', '', 'requirements.txt', 2],
    ])
  })

  it('reads binder/ with its runtime.txt (jbloomlab)', async () => {
    const spec = await readReal('jbloomlab__map_flu_serum_Perth2009_H3_HA')
    expect(spec).toMatchObject({ configDir: 'binder', runtime: 'python-3.6' })
    expect(spec.requirements).toHaveLength(11) // jupyter_contrib_nbextensions is skipped with a note
    expect(spec.requirements[3]).toMatchObject({
      name: 'iPython',
      normalized: 'ipython',
      specifier: '==7.2.0',
      file: 'binder/requirements.txt',
      line: 4,
    })
  })

  it.each([
    ['binder-examples__apt_install', 'default', ['apt.txt', 'postBuild'], undefined],
    ['binder-examples__dockerfile-rstudio', 'dockerfile', ['Dockerfile'], undefined],
    ['binder-examples__julia-python', 'julia', ['Project.toml'], undefined],
  ])('%s is a %s environment that needs a hub for %j', async (repo, kind, files, runtime) => {
    const spec = await readReal(repo)
    expect(spec.kind).toBe(kind)
    const hub = spec.reasons.filter((r) => r.level === 'hub')
    expect(hub.map((n) => n.file)).toEqual(files)
    for (const n of hub) expect(n.text).toMatch(/browser|server/)
    expect(spec.runtime).toBe(runtime)
    expect(verdictOf(spec.reasons).kind).toBe('hub')
  })

  it.each([
    ['norvig__pytudes', 'browser'],
    ['binder-examples__conda', 'browser-with-warnings'], // python=3.11
    ['binder-examples__jupyter-extension', 'browser-with-warnings'], // postBuild only enables extensions
    ['binder-examples__pipfile', 'browser-with-warnings'], // Pipfile.lock's python_version 3.6
    ['manuparra__binder-pipeline-v1', 'browser-with-warnings'], // runtime.txt python-3.8
    ['binder-examples__bokeh', 'hub'], // postBuild moves files into site-packages
    ['ImperialCollegeLondon__RCDS-intro-to-r', 'browser-with-warnings'], // R 4.1 and a 2022 snapshot: webR runs R 4.6
    ['binder-examples__r-conda', 'browser-with-warnings'], // r-base=4.1.0; r-tidyverse is resolved later
  ])('%s: verdict %s from its files alone', async (repo, kind) => {
    expect(verdictOf((await readReal(repo)).reasons).kind).toBe(kind)
  })

  it('reads Pipfile.lock over Pipfile, with its pins and hashes', async () => {
    const spec = await readReal('binder-examples__pipfile')
    expect(spec.kind).toBe('pipfile')
    expect(spec.requirements.find((r) => r.name === 'numpy')).toMatchObject({
      specifier: '==1.16.4',
      file: 'Pipfile.lock',
    })
    expect(spec.requirements.find((r) => r.name === 'numpy')?.hashes?.[0]).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(spec.reasons).toContainEqual(expect.objectContaining({ level: 'note', file: 'Pipfile' }))
  })

  it("reads requirements.txt through environment.yml's pip: -r (jakevdp), skipping server-only packages with a note", async () => {
    const spec = await readReal('jakevdp__PythonDataScienceHandbook')
    expect(spec.kind).toBe('conda')
    expect(spec.requirements[0]).toMatchObject({
      name: 'numpy',
      specifier: '==1.11.1',
      file: 'requirements.txt',
      line: 1,
    })
    expect(spec.requirements.map((r) => r.name)).not.toContain('notebook')
    expect(spec.reasons).toContainEqual(expect.objectContaining({ level: 'note', pkg: 'notebook' }))
    expect(spec.reasons).toContainEqual(
      expect.objectContaining({ level: 'warning', file: 'environment.yml', pkg: 'python' }),
    )
  })

  it('keeps the bare archive URL of getting-data', async () => {
    const spec = await readReal('binder-examples__getting-data')
    expect(spec.requirements[2].url).toMatch(/^https:\/\/github.com\/betatim\/rio-tiler\/archive\//)
  })
})

// The shapes the real repositories above have, written here so that every clone checks them.
describe('readEnvSpec on written repositories of the same shapes', () => {
  it('ignores requirements.txt beside an environment.yml that does not include it', async () => {
    const spec = await readEnvSpec(
      findEnvFiles(['environment.yml', 'requirements.txt']),
      memory({
        'environment.yml': 'dependencies:\n  - numpy\n',
        'requirements.txt': 'pandas\n',
      }),
    )
    expect(spec.requirements.map((r) => r.name)).toEqual(['numpy'])
    expect(spec.reasons).toContainEqual(
      expect.objectContaining({ level: 'note', file: 'requirements.txt', text: expect.stringMatching(/ignored/) }),
    )
  })

  it("reads requirements.txt through environment.yml's pip: -r, skipping server-only packages with a note", async () => {
    const spec = await readEnvSpec(
      findEnvFiles(['environment.yml', 'requirements.txt']),
      memory({
        'environment.yml':
          'name: handbook\nchannels: [conda-forge]\ndependencies:\n  - python=3.5\n  - pip\n  - pip:\n    - -r requirements.txt\n',
        'requirements.txt': 'numpy==1.11.1\npandas==0.18.1\nnotebook\n',
      }),
    )
    expect(spec.kind).toBe('conda')
    expect(spec.requirements.map((r) => [r.name, r.specifier, r.file, r.line])).toEqual([
      ['numpy', '==1.11.1', 'requirements.txt', 1],
      ['pandas', '==0.18.1', 'requirements.txt', 2],
    ])
    expect(spec.reasons).toContainEqual(expect.objectContaining({ level: 'note', pkg: 'notebook' }))
    expect(spec.reasons).toContainEqual(expect.objectContaining({ level: 'warning', pkg: 'python' }))
  })

  it('.binder/environment.yml with conda names, R packages, a server and a postBuild that does real work', async () => {
    const spec = await readEnvSpec(
      findEnvFiles(['.binder/environment.yml', '.binder/postBuild', 'README.md']),
      memory({
        '.binder/environment.yml':
          'channels:\n  - conda-forge\ndependencies:\n  - jupyterlab=4\n  - matplotlib-base\n  - r-irkernel\n  - r-ggplot2\n',
        '.binder/postBuild': '#!/bin/bash\nset -e\ncurl -L https://x.test/data.zip -o data.zip\n',
      }),
    )
    expect(spec).toMatchObject({
      kind: 'conda',
      configDir: '.binder',
      found: ['.binder/environment.yml', '.binder/postBuild'],
    })
    expect(spec.requirements.map((r) => r.name)).toEqual(['matplotlib'])
    expect(spec.r?.packages.map((p) => p.name)).toEqual(['ggplot2'])
    expect(spec.reasons.filter((r) => r.level === 'hub').map((r) => r.file)).toEqual(['.binder/postBuild'])
  })

  it('reads Pipfile.lock over Pipfile, with its pins and hashes', async () => {
    const sha = 'a'.repeat(64)
    const lock = {
      _meta: { requires: { python_version: '3.6' } },
      default: { numpy: { hashes: [`sha256:${sha}`], version: '==1.16.4' } },
      develop: {},
    }
    const spec = await readEnvSpec(
      findEnvFiles(['Pipfile', 'Pipfile.lock']),
      memory({ Pipfile: '[packages]\nnumpy = "*"\n', 'Pipfile.lock': JSON.stringify(lock, null, 4) }),
    )
    expect(spec.kind).toBe('pipfile')
    expect(spec.requirements).toEqual([
      expect.objectContaining({
        name: 'numpy',
        specifier: '==1.16.4',
        file: 'Pipfile.lock',
        hashes: [`sha256:${sha}`],
      }),
    ])
    expect(verdictOf(spec.reasons).kind).toBe('browser-with-warnings') // python_version 3.6
    expect(spec.reasons).toContainEqual(expect.objectContaining({ level: 'note', file: 'Pipfile' }))
  })
})

describe('readEnvSpec includes', () => {
  const files = { configDir: 'binder' as const, files: { 'requirements.txt': 'binder/requirements.txt' } }

  it('resolves -r relative to the including file, at any depth', async () => {
    const spec = await readEnvSpec(
      files,
      memory({
        'binder/requirements.txt': '-r reqs/a.txt\nsix\n--extra-index-url https://x.test',
        'binder/reqs/a.txt': 'numpy\n-r ../../common/base.txt',
        'common/base.txt': 'pandas ; python_version > "3"',
      }),
    )
    expect(spec.requirements.map((r) => `${r.file}:${r.line}:${r.name}`)).toEqual([
      'binder/reqs/a.txt:1:numpy',
      'common/base.txt:1:pandas',
      'binder/requirements.txt:2:six',
    ])
    expect(spec.options).toMatchObject([
      { kind: 'extra-index-url', value: 'https://x.test', file: 'binder/requirements.txt', line: 3 },
    ])
  })

  it.each([
    [{ 'binder/requirements.txt': 'six\n-r missing.txt' }, /cannot read binder\/missing.txt/, 2],
    [{ 'binder/requirements.txt': '-r ../../etc/passwd' }, /outside the repository/, 1],
    [{ 'binder/requirements.txt': '-r https://x.test/r.txt' }, /from a URL/, 1],
    [{ 'binder/requirements.txt': '-r a.txt', 'binder/a.txt': '-r requirements.txt' }, /includes itself/, 1],
  ])('refuses a bad include with BAD_REQUIREMENT naming the line', async (tree, reason, line) => {
    const err = await readEnvSpec(files, memory(tree)).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'BAD_REQUIREMENT', data: { reason: expect.stringMatching(reason), line } })
  })
})
