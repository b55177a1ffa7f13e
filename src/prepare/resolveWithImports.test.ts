import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadPyodideLock, parseRequirements } from '../resolve'
import { fakeIndex, INDEX_URL, realLockJson } from '../resolve/__fixtures__/fakeIndex'
import { ALL } from '../resolve/__fixtures__/projects'
import { notebookImports } from '../spec'
import { envVerdict } from './envVerdict'
import { chosenIndex, resolveWithImports } from './resolveWithImports'

const lock = loadPyodideLock(realLockJson())
const analysis = { path: 'analysis.ipynb', text: readFileSync(new URL('../spec/__fixtures__/analysis.ipynb', import.meta.url), 'utf8') }
const uses = notebookImports([analysis], ['analysis.ipynb'])
const reqs = (text: string) => parseRequirements(text, 'requirements.txt').requirements

describe('resolveWithImports', () => {
  it('adds the lock’s packages for undeclared imports, with their dependencies, and says so in the verdict', async () => {
    const index = fakeIndex(ALL)
    const { resolved, added } = await resolveWithImports({ requirements: reqs('pandas\nscikit-learn'), constraints: [], options: [] }, uses, lock, { index, indexUrl: INDEX_URL })
    // pandas brings numpy; scikit-learn brings scipy: neither is added as undeclared.
    expect(added.map((a) => a.pkg)).toEqual(['matplotlib', 'pyyaml', 'regex', 'shapely', 'Pillow', 'networkx'])
    const names = resolved.packages.map((p) => p.name)
    expect(names).toEqual(expect.arrayContaining(['pandas', 'numpy', 'scikit-learn', 'scipy', 'matplotlib', 'networkx', 'Pillow']))
    expect(resolved.packages.find((p) => p.name === 'networkx')).toMatchObject({ source: 'pyodide', requestedBy: ['analysis.ipynb:0'] })
    expect(index.calls).toEqual([]) // everything came from the lock
    const verdict = envVerdict([], resolved.drift, resolved.problems, false, added)
    expect(verdict.kind).toBe('browser-with-warnings')
    expect(verdict.reasons.map((r) => r.text)).toContain('added networkx: imported by analysis.ipynb but not declared.')
  })

  it('asks the index once per project when imports make it resolve a second time', async () => {
    const index = fakeIndex(ALL)
    const { resolved, added } = await resolveWithImports({ requirements: reqs('alpha'), constraints: [], options: [] },
      new Map([['networkx', ['a.ipynb']]]), lock, { index, indexUrl: INDEX_URL })
    expect(added.map((a) => a.pkg)).toEqual(['networkx'])
    expect(resolved.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['alpha', 'beta', 'networkx']))
    expect(index.calls.length).toBeGreaterThan(0)
    expect(new Set(index.calls).size).toBe(index.calls.length)
  })

  it('resolves nothing more when every import is declared, and works with no requirements at all', async () => {
    const none = await resolveWithImports({ requirements: [], constraints: [], options: [] }, new Map(), lock, { index: fakeIndex(ALL), indexUrl: INDEX_URL })
    expect(none).toEqual({ resolved: { packages: [], drift: [], problems: [] }, added: [] })
    const only = await resolveWithImports({ requirements: [], constraints: [], options: [] }, new Map([['numpy', ['a.ipynb']]]), lock, { index: fakeIndex(ALL), indexUrl: INDEX_URL })
    expect(only.added).toEqual([{ module: 'numpy', pkg: 'numpy', files: ['a.ipynb'] }])
    expect(only.resolved.packages.map((p) => p.name)).toEqual(['numpy'])
  })
})

describe('chosenIndex', () => {
  it('takes --index-url from a requirements file as a simple index, as pip does; --extra-index-url changes nothing', () => {
    const opts = parseRequirements('--extra-index-url https://extra.test/simple\n-i https://mirror.test/simple\nnumpy', 'requirements.txt').options
    expect(chosenIndex(opts, 'https://pypi.org')).toEqual({ indexUrl: 'https://mirror.test/simple', indexApi: 'simple' })
    expect(chosenIndex(opts.filter((o) => o.kind !== 'index-url'), 'https://pypi.org')).toEqual({ indexUrl: 'https://pypi.org' })
  })
})
