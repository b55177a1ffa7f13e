import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadPyodideLock } from '../resolve'
import { realLockJson } from '../resolve/__fixtures__/fakeIndex'
import { notebookCode, notebookImports, undeclaredImports } from './undeclaredImports'

const read = (url: string) => readFileSync(new URL(url, import.meta.url), 'utf8')
const analysis = { path: 'analysis.ipynb', text: read('./__fixtures__/analysis.ipynb') }
const lock = loadPyodideLock(realLockJson())

describe('notebookImports', () => {
  it('finds the third-party modules of a real notebook, without stdlib, the kernel’s own or the repository’s modules', () => {
    const uses = notebookImports([analysis], ['analysis.ipynb', 'helpers/__init__.py'])
    expect([...uses.keys()]).toEqual([
      'numpy',
      'pandas',
      'matplotlib',
      'scipy',
      'sklearn',
      'yaml',
      'regex',
      'shapely',
      'PIL',
      'networkx',
      'tinytable_not_in_lock',
    ])
    expect(uses.get('numpy')).toEqual(['analysis.ipynb'])
  })

  it('reads the e2e fixture notebooks: modules beside the notebook are the repository’s own', () => {
    const ws = { path: 'analysis.ipynb', text: read('../../e2e/fixtures/repos/workspace-repo/analysis.ipynb') }
    expect(notebookImports([ws], ['analysis.ipynb', 'helper.py']).size).toBe(0)
    const csv = { path: 'analysis.ipynb', text: read('../../e2e/fixtures/repos/csv-repo/analysis.ipynb') }
    expect([...notebookImports([csv], ['analysis.ipynb']).keys()]).toEqual(['tinytable'])
    const features = { path: 'features.ipynb', text: read('../../e2e/fixtures/repos/kernel-features/features.ipynb') }
    expect(notebookImports([features], ['features.ipynb']).size).toBe(0) // time, struct, zlib, IPython
  })

  it('lists a module once with every notebook that imports it, and finds folders beside nested notebooks', () => {
    const nb = (src: string) =>
      JSON.stringify({ nbformat: 4, metadata: {}, cells: [{ cell_type: 'code', source: [src] }] })
    const uses = notebookImports(
      [
        { path: 'a.ipynb', text: nb('import numpy') },
        { path: 'sub/b.ipynb', text: nb('import numpy\nimport util') },
      ],
      ['a.ipynb', 'sub/b.ipynb', 'sub/util/core.py'],
    )
    expect([...uses]).toEqual([['numpy', ['a.ipynb', 'sub/b.ipynb']]])
  })

  it('ignores R notebooks, broken JSON and markdown cells', () => {
    expect(notebookCode(read('../../e2e/fixtures/repos/r-repo/packages.ipynb'))).toEqual([])
    expect(notebookCode(read('../../e2e/fixtures/repos/broken-notebook/broken.ipynb'))).toEqual([])
    expect(notebookCode(JSON.stringify({ cells: [{ cell_type: 'markdown', source: 'import numpy' }] }))).toEqual([])
  })
})

describe('undeclaredImports', () => {
  const uses = notebookImports([analysis], ['analysis.ipynb'])

  it('maps import names to the lock’s packages through its `imports` field', () => {
    const added = undeclaredImports(uses, lock, new Set())
    expect(added.map((a) => [a.module, a.pkg])).toEqual([
      ['numpy', 'numpy'],
      ['pandas', 'pandas'],
      ['matplotlib', 'matplotlib'],
      ['scipy', 'scipy'],
      ['sklearn', 'scikit-learn'],
      ['yaml', 'pyyaml'],
      ['regex', 'regex'],
      ['shapely', 'shapely'],
      ['PIL', 'Pillow'],
      ['networkx', 'networkx'],
    ])
  })

  it('adds nothing a resolved package already provides', () => {
    const added = undeclaredImports(
      uses,
      lock,
      new Set(['numpy', 'pandas', 'matplotlib', 'scipy', 'scikit-learn', 'pyyaml', 'regex', 'shapely', 'pillow']),
    )
    expect(added).toEqual([{ module: 'networkx', pkg: 'networkx', files: ['analysis.ipynb'] }])
  })
})
