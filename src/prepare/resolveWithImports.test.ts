import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadPyodideLock, parseRequirements } from '../resolve'
import { fakeIndex, INDEX_URL, realLockJson } from '../resolve/__fixtures__/fakeIndex'
import { ALL } from '../resolve/__fixtures__/projects'
import { findEnvFiles, notebookImports, readEnvSpec } from '../environment'
import { envVerdict } from './envVerdict'
import { chosenIndexes, resolveWithImports, unreachableReasons } from './resolveWithImports'

const lock = loadPyodideLock(realLockJson())
const analysis = {
  path: 'analysis.ipynb',
  text: readFileSync(new URL('../environment/__fixtures__/analysis.ipynb', import.meta.url), 'utf8'),
}
const uses = notebookImports([analysis], ['analysis.ipynb'])
const reqs = (text: string) => parseRequirements(text, 'requirements.txt').requirements

describe('resolveWithImports', () => {
  it('adds the lock’s packages for undeclared imports, with their dependencies, and says so in the verdict', async () => {
    const index = fakeIndex(ALL)
    const { resolved, added } = await resolveWithImports(
      { requirements: reqs('pandas\nscikit-learn'), constraints: [], options: [] },
      uses,
      lock,
      { index, indexUrl: INDEX_URL },
    )
    // pandas brings numpy; scikit-learn brings scipy: neither is added as undeclared.
    expect(added.map((a) => a.pkg)).toEqual(['matplotlib', 'pyyaml', 'regex', 'shapely', 'Pillow', 'networkx'])
    const names = resolved.packages.map((p) => p.name)
    expect(names).toEqual(
      expect.arrayContaining(['pandas', 'numpy', 'scikit-learn', 'scipy', 'matplotlib', 'networkx', 'Pillow']),
    )
    expect(resolved.packages.find((p) => p.name === 'networkx')).toMatchObject({
      source: 'pyodide',
      requestedBy: ['analysis.ipynb:0'],
    })
    expect(index.calls).toEqual([]) // everything came from the lock
    const verdict = envVerdict([], resolved.drift, resolved.problems, false, added)
    expect(verdict.kind).toBe('browser-with-warnings')
    expect(verdict.reasons.map((r) => r.text)).toContain('added networkx: imported by analysis.ipynb but not declared.')
  })

  it('asks the index once per project when imports make it resolve a second time', async () => {
    const index = fakeIndex(ALL)
    const { resolved, added } = await resolveWithImports(
      { requirements: reqs('alpha'), constraints: [], options: [] },
      new Map([['networkx', ['a.ipynb']]]),
      lock,
      { index, indexUrl: INDEX_URL },
    )
    expect(added.map((a) => a.pkg)).toEqual(['networkx'])
    expect(resolved.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['alpha', 'beta', 'networkx']))
    expect(index.calls.length).toBeGreaterThan(0)
    expect(new Set(index.calls).size).toBe(index.calls.length)
  })

  it('resolves nothing more when every import is declared, and works with no requirements at all', async () => {
    const none = await resolveWithImports({ requirements: [], constraints: [], options: [] }, new Map(), lock, {
      index: fakeIndex(ALL),
      indexUrl: INDEX_URL,
    })
    expect(none).toEqual({ resolved: { packages: [], drift: [], problems: [] }, added: [] })
    const only = await resolveWithImports(
      { requirements: [], constraints: [], options: [] },
      new Map([['numpy', ['a.ipynb']]]),
      lock,
      { index: fakeIndex(ALL), indexUrl: INDEX_URL },
    )
    expect(only.added).toEqual([{ module: 'numpy', pkg: 'numpy', files: ['a.ipynb'] }])
    expect(only.resolved.packages.map((p) => p.name)).toEqual(['numpy'])
  })
})

describe('chosenIndexes', () => {
  it('takes --index-url from a requirements file as a simple index, as pip does (the last one), and every --extra-index-url after it', () => {
    const opts = parseRequirements(
      '--extra-index-url https://extra.test/simple\n-i https://first.test/simple\n-i https://mirror.test/simple\nnumpy\n' +
        '--extra-index-url https://two.test/simple\n--extra-index-url https://extra.test/simple',
      'requirements.txt',
    ).options
    expect(chosenIndexes(opts, 'https://pypi.org')).toEqual({
      indexUrl: 'https://mirror.test/simple',
      indexApi: 'simple',
      extraIndexes: [
        { indexUrl: 'https://extra.test/simple', indexApi: 'simple' },
        { indexUrl: 'https://two.test/simple', indexApi: 'simple' },
      ],
    })
    expect(chosenIndexes([], 'https://pypi.org')).toEqual({ indexUrl: 'https://pypi.org', extraIndexes: [] })
  })

  it("asks configured extras (the command line's) before the file's, and never the primary twice", () => {
    const opts = parseRequirements(
      '--extra-index-url https://file.test/simple\n--extra-index-url https://pypi.org',
      'requirements.txt',
    ).options
    expect(
      chosenIndexes(opts, 'https://pypi.org', [{ indexUrl: 'https://cli.test' }]).extraIndexes.map((x) => x.indexUrl),
    ).toEqual(['https://cli.test', 'https://file.test/simple'])
  })

  it('counts the options of included -r files, in reading order', async () => {
    const files: Record<string, string> = {
      'requirements.txt': '--extra-index-url https://top.test/simple\n-r more/reqs.txt\nsix\n',
      'more/reqs.txt': '--extra-index-url https://included.test/simple\ntinytable\n',
    }
    const spec = await readEnvSpec(findEnvFiles(Object.keys(files)), async (p) => files[p])
    expect(chosenIndexes(spec.options, 'https://pypi.org').extraIndexes.map((x) => x.indexUrl)).toEqual([
      'https://top.test/simple',
      'https://included.test/simple',
    ])
  })

  it('words an index that did not answer as a warning at the line that named it', () => {
    const opts = parseRequirements('--extra-index-url https://down.test/simple\nnumpy', 'requirements.txt').options
    expect(
      unreachableReasons(
        { unreachable: [{ indexUrl: 'https://down.test/simple', reason: 'connection refused' }] },
        opts,
      ),
    ).toEqual([
      {
        level: 'warning',
        file: 'requirements.txt:1',
        text: 'The package index https://down.test/simple could not be reached (connection refused); packages were taken from the other indexes only.',
      },
    ])
    expect(unreachableReasons({})).toEqual([])
  })
})
