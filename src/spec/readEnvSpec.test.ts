import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { findEnvFiles } from './findEnvFiles'
import { readEnvSpec, type EnvSpec } from './readEnvSpec'

const REAL = fileURLToPath(new URL('../../../shared/real-binder-configs/', import.meta.url))
const REPOS = readdirSync(REAL).filter((d) => statSync(join(REAL, d)).isDirectory())

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

describe('readEnvSpec on real Binder repositories', () => {
  it('finds them', () => expect(REPOS.length).toBeGreaterThanOrEqual(18))

  it.each(REPOS)('%s parses without throwing', async (repo) => {
    const spec = await readReal(repo)
    expect(spec.found.length).toBeGreaterThan(0)
  })

  it('follows JesperDramsch\'s nested -r requirements/… includes in order', async () => {
    const spec = await readReal('JesperDramsch__ml-for-science-reproducibility-tutorial')
    expect(spec.requirements.map((r) => r.name)).toEqual([
      'jupyter-book', 'matplotlib', 'numpy', 'ghp-import', 'jupytext', 'sphinx-sitemap',
      'numpy', 'jupyter', 'scikit-learn', 'matplotlib', 'seaborn', 'pandas', 'pandera', 'pydantic', 'shap', 'surgeon-pytorch', 'torch',
    ])
    expect(spec.requirements[0]).toMatchObject({ file: 'requirements/book.txt', line: 1 })
    expect(spec.requirements.at(-1)).toMatchObject({ file: 'requirements/tutorial.txt', line: 11 })
    expect(spec.options).toEqual([])
  })

  it('reads jupyterlab-demo from .binder/ and finds no pip requirements', async () => {
    expect(await readReal('jupyterlab__jupyterlab-demo')).toEqual({
      requirements: [], options: [], configDir: '.binder',
      found: ['.binder/environment.yml', '.binder/postBuild'], needsHub: [],
    })
  })

  it('reads norvig/pytudes from the root', async () => {
    const spec = await readReal('norvig__pytudes')
    expect(spec.configDir).toBe('')
    expect(spec.requirements.map((r) => [r.normalized, r.specifier, r.file, r.line])).toEqual([
      ['numpy', '', 'requirements.txt', 1], ['matplotlib', '', 'requirements.txt', 2],
    ])
  })

  it('reads binder/ with its runtime.txt (jbloomlab)', async () => {
    const spec = await readReal('jbloomlab__map_flu_serum_Perth2009_H3_HA')
    expect(spec).toMatchObject({ configDir: 'binder', runtime: 'python-3.6' })
    expect(spec.requirements).toHaveLength(12)
    expect(spec.requirements[3]).toMatchObject({ name: 'iPython', normalized: 'ipython', specifier: '==7.2.0', file: 'binder/requirements.txt', line: 4 })
  })

  it.each([
    ['ImperialCollegeLondon__RCDS-intro-to-r', ['binder/install.R'], 'r-4.1-2022-01-10'],
    ['binder-examples__apt_install', ['apt.txt'], undefined],
    ['binder-examples__dockerfile-rstudio', ['Dockerfile'], undefined],
    ['binder-examples__julia-python', ['Project.toml'], undefined],
    ['binder-examples__conda', [], undefined],
  ])('%s needs a hub for %j', async (repo, files, runtime) => {
    const spec = await readReal(repo)
    expect(spec.needsHub.map((n) => n.file)).toEqual(files)
    for (const n of spec.needsHub) expect(n.reason).toMatch(/browser/)
    expect(spec.runtime).toBe(runtime)
  })

  it('records Pipfile and environment.yml as found (read in a later slice)', async () => {
    expect((await readReal('binder-examples__pipfile')).found).toEqual(['Pipfile', 'Pipfile.lock'])
    expect((await readReal('jakevdp__PythonDataScienceHandbook')).found).toEqual(['environment.yml', 'requirements.txt'])
  })

  it('keeps the bare archive URL of getting-data', async () => {
    const spec = await readReal('binder-examples__getting-data')
    expect(spec.requirements[2].url).toMatch(/^https:\/\/github.com\/betatim\/rio-tiler\/archive\//)
  })
})

describe('readEnvSpec includes', () => {
  const files = { configDir: 'binder' as const, files: { 'requirements.txt': 'binder/requirements.txt' } }

  it('resolves -r relative to the including file, at any depth', async () => {
    const spec = await readEnvSpec(files, memory({
      'binder/requirements.txt': '-r reqs/a.txt\nsix\n--extra-index-url https://x.test',
      'binder/reqs/a.txt': 'numpy\n-r ../../common/base.txt',
      'common/base.txt': 'pandas ; python_version > "3"',
    }))
    expect(spec.requirements.map((r) => `${r.file}:${r.line}:${r.name}`)).toEqual([
      'binder/reqs/a.txt:1:numpy', 'common/base.txt:1:pandas', 'binder/requirements.txt:2:six',
    ])
    expect(spec.options).toMatchObject([{ kind: 'extra-index-url', value: 'https://x.test', file: 'binder/requirements.txt', line: 3 }])
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
