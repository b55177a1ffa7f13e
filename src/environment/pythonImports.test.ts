import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { logicalLines, scanImports } from './pythonImports'

describe('scanImports', () => {
  it('reads import and from-import statements, aliases, lists and dotted names', () => {
    expect(
      scanImports('import numpy as np, pandas as pd\nimport matplotlib.pyplot as plt\nfrom scipy.stats import norm\n'),
    ).toEqual(['numpy', 'pandas', 'matplotlib', 'scipy'])
  })

  it('leaves out relative imports, strings, comments and docstrings', () => {
    const code =
      'from . import a\nfrom .b import c\ns = "import x"\n# import y\n"""\nimport z\n"""\nt = \'\'\'import w\'\'\'\nprint("from q import r")'
    expect(scanImports(code)).toEqual([])
  })

  it('reads statements after `;`, after a compound header and across brackets and backslashes', () => {
    const code =
      'x = 1; import yaml\ntry: import regex\nexcept ImportError: pass\nif ok: import toolz\nfrom shapely.geometry import (\n  Point,\n  Polygon)\nimport a, \\\n  b\n'
    expect(scanImports(code)).toEqual(['yaml', 'regex', 'toolz', 'shapely', 'a', 'b'])
  })

  it('reads indented imports inside functions and blocks', () => {
    expect(scanImports('def f():\n    import sympy\n    return sympy\n')).toEqual(['sympy'])
  })

  it('skips IPython magics, shell lines and cells of another language', () => {
    expect(scanImports('%pip install tqdm\n!pip install requests\n%matplotlib inline\nimport numpy')).toEqual(['numpy'])
    expect(scanImports('%%bash\nimport notpython\n')).toEqual([])
    expect(scanImports('%%writefile x.py\nimport pandas\n')).toEqual([])
    expect(scanImports('%%time\nimport networkx as nx\n')).toEqual(['networkx'])
  })

  it('keeps an unterminated string from swallowing the next line, as Python does', () => {
    expect(scanImports('s = "oops\nimport numpy\n')).toEqual(['numpy'])
  })

  it('never throws and returns identifiers only, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (code) => {
        for (const m of scanImports(code)) expect(m).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/)
      }),
    )
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'import ',
            'from ',
            'x',
            '.',
            ',',
            '(',
            ')',
            '"',
            "'",
            '"""',
            '#',
            '\\',
            '\n',
            ';',
            '%',
            '!',
            ' as ',
            ':',
          ),
          { maxLength: 60 },
        ),
        (parts) => {
          scanImports(parts.join(''))
          logicalLines(parts.join(''))
        },
      ),
    )
  })

  it('is linear in the size of the cell', () => {
    const big = 'import numpy\n' + 'x = "' + 'a'.repeat(2_000_000) + '\n' + '('.repeat(200_000)
    const t = performance.now()
    expect(scanImports(big)).toEqual(['numpy'])
    expect(performance.now() - t).toBeLessThan(2000)
  })
})
