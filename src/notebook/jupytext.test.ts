import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isTextNotebook, jupytextForSave, jupytextToNotebook, notebookToJupytext } from './jupytext'

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')

describe('jupytext markdown notebooks', () => {
  const md = fixture('analysis.md')

  it('reads prose as markdown cells and python fences as code cells', () => {
    const nb = jupytextToNotebook('analysis.md', md)
    expect(nb?.metadata.kernelspec).toEqual({
      name: 'python3',
      display_name: 'Python 3 (ipykernel)',
      language: 'python',
    })
    expect(nb?.cells.map((c) => [c.cell_type, c.source])).toEqual([
      ['markdown', '# Exploring the survey\n\nWe load the answers first.'],
      ['code', 'import csv\nrows = list(csv.reader(open("data.csv")))\nlen(rows)'],
      ['markdown', 'Then count the **yes** answers:\n\n```bash\necho this stays markdown\n```'],
      ['code', 'sum(r[1] == "yes" for r in rows)'],
    ])
  })

  it('writes the same cells back under the original header', () => {
    const nb = jupytextToNotebook('analysis.md', md)!
    const text = notebookToJupytext('analysis.md', nb.metadata.jupytext.header, nb.cells)
    expect(text).toBe(md)
    expect(jupytextToNotebook('analysis.md', text)?.cells).toEqual(nb.cells)
  })

  it('leaves plain markdown and front matter of other tools as text', () => {
    expect(isTextNotebook('README.md', '# Survey\n\ntext\n')).toBe(false)
    expect(isTextNotebook('post.md', '---\ntitle: A post\n---\n\nbody\n')).toBe(false)
    expect(isTextNotebook('analysis.md', md)).toBe(true)
  })
})

describe('jupytext percent scripts', () => {
  const py = fixture('analysis.py')

  it('reads # %% cells, with commented markdown cells', () => {
    const nb = jupytextToNotebook('analysis.py', py)
    expect(nb?.metadata.kernelspec?.name).toBe('python3')
    expect(nb?.cells.map((c) => [c.cell_type, c.source])).toEqual([
      ['markdown', '# Exploring the survey\n\nWe load the answers first.'],
      ['code', 'import csv\nrows = list(csv.reader(open("data.csv")))'],
      ['code', 'threshold = 5'],
    ])
  })

  it('round-trips its cells', () => {
    const nb = jupytextToNotebook('analysis.py', py)!
    const text = notebookToJupytext('analysis.py', nb.metadata.jupytext.header, nb.cells)
    expect(jupytextToNotebook('analysis.py', text)?.cells).toEqual(nb.cells)
    expect(text).toContain(
      '# %% [markdown]\n# # Exploring the survey\n#\n# We load the answers first.\n\n# %%\nimport csv',
    )
  })

  it('leaves ordinary scripts and light-format scripts as text', () => {
    expect(isTextNotebook('helper.py', 'def greet(who):\n    return who\n')).toBe(false)
    expect(
      isTextNotebook(
        'light.py',
        '# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       format_name: light\n# ---\n\nx = 1\n',
      ),
    ).toBe(false)
    expect(isTextNotebook('analysis.py', py)).toBe(true)
  })
})

describe('jupytextForSave', () => {
  const md = fixture('analysis.md')
  const nb = jupytextToNotebook('analysis.md', md)!

  it('writes nothing when only metadata or outputs changed', () => {
    const ran = {
      ...nb,
      metadata: { language_info: { name: 'python' } },
      cells: nb.cells.map((c) => ({ ...c, id: 'x', outputs: [] })),
    }
    expect(jupytextForSave('analysis.md', md, ran)).toBeUndefined()
  })

  it('writes the edited cells in the file format, source given as lines or as one string', () => {
    const edited = { ...nb, cells: [...nb.cells.slice(0, 3), { cell_type: 'code', source: ['x = 1\n', 'x'] }] }
    const text = jupytextForSave('analysis.md', md, edited)
    expect(text?.endsWith('```python\nx = 1\nx\n```\n')).toBe(true)
    expect(text?.startsWith(nb.metadata.jupytext.header)).toBe(true)
  })
})
