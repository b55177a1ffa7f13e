// Issue 10: notebooks come from strangers. `.ipynb` JSON and jupytext text notebooks of any
// content either parse or fail with a coded error (BAD_NOTEBOOK); nothing else is thrown, and
// large inputs stay linear.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { parseNotebook } from './ipynb'
import { isTextNotebook, jupytextToNotebook, notebookToJupytext } from './jupytext'

const cell = fc.record(
  {
    cell_type: fc.oneof(fc.constantFrom('code', 'markdown', 'raw'), fc.anything()),
    source: fc.oneof(fc.string(), fc.array(fc.string()), fc.anything()),
    metadata: fc.oneof(fc.constant({ trusted: true }), fc.dictionary(fc.string(), fc.jsonValue()), fc.anything()),
    outputs: fc.oneof(
      fc.array(
        fc.record({
          output_type: fc.string(),
          text: fc.oneof(fc.string(), fc.array(fc.string())),
          data: fc.dictionary(fc.string(), fc.jsonValue()),
        }),
      ),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
)
const notebookish = fc.record(
  {
    nbformat: fc.oneof(fc.constantFrom(3, 4, 5), fc.anything()),
    nbformat_minor: fc.nat(),
    metadata: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.anything()),
    cells: fc.oneof(fc.array(cell, { maxLength: 5 }), fc.anything()),
  },
  { requiredKeys: [] },
)

function parsesOrBadNotebook(text: string) {
  try {
    return parseNotebook('n.ipynb', text)
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('BAD_NOTEBOOK')
    return undefined
  }
}

describe('parseNotebook on arbitrary JSON (property)', () => {
  it('parses or throws BAD_NOTEBOOK, and never keeps a cell’s claim to be trusted', () => {
    const texts = fc.oneof(
      notebookish.map((nb) => {
        try {
          return JSON.stringify(nb) ?? 'null'
        } catch {
          return '{}'
        }
      }),
      fc.json(),
      fc.string(),
      fc.string({ unit: 'binary' }),
    )
    fc.assert(
      fc.property(texts, (text) => {
        const nb = parsesOrBadNotebook(text)
        if (!nb) return
        for (const c of nb.cells as Array<{ metadata: Record<string, unknown> }>)
          expect(c.metadata).not.toHaveProperty('trusted')
      }),
      { numRuns: 1500 },
    )
  })

  it('stays linear on deep nesting and many cells', () => {
    const cases = [
      `{"nbformat": 4, "cells": [], "metadata": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      JSON.stringify({
        nbformat: 4,
        metadata: {},
        cells: Array.from({ length: 50_000 }, () => ({
          cell_type: 'code',
          source: ['x\n', 'y'],
          outputs: [{ output_type: 'stream', text: ['a', 'b'] }],
        })),
      }),
    ]
    for (const text of cases) {
      const t = performance.now()
      parsesOrBadNotebook(text)
      expect(performance.now() - t).toBeLessThan(3000)
    }
  })
})

describe('jupytext on arbitrary text (property)', () => {
  const tokens = [
    '---\n',
    'jupyter:\n',
    '  jupytext:\n',
    '    text_representation:\n',
    '      format_name: percent\n',
    '      extension: .py\n',
    '  kernelspec:\n',
    '    language: python\n',
    '# %%\n',
    '# %% [markdown]\n',
    '# ',
    '```python\n',
    '```\n',
    '# ---\n',
    '#   jupytext:\n',
    'x = 1\n',
    '\n',
    ': ',
    '[',
    '{',
    '&a ',
    '*a',
  ]
  const texts = fc.oneof(
    fc
      .array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 4 })), { maxLength: 40 })
      .map((p) => p.join('')),
    fc.string(),
  )

  it('reads a text notebook or says it is plain text, and writes back what it read, without throwing', () => {
    fc.assert(
      fc.property(texts, fc.constantFrom('a.py', 'a.md', 'a.R', 'a.txt'), (text, path) => {
        const nb = jupytextToNotebook(path, text)
        expect(isTextNotebook(path, text)).toBe(nb !== undefined)
        if (!nb) return
        const header = (nb.metadata as { jupytext: { header: string } }).jupytext.header
        const out = notebookToJupytext(
          path,
          header,
          nb.cells.map((c) => ({ cell_type: c.cell_type as 'code' | 'markdown', source: String(c.source) })),
        )
        expect(jupytextToNotebook(path, out)).toBeDefined()
      }),
      { numRuns: 2000 },
    )
  })

  it('stays linear on a large file', () => {
    const text = `# %%\n${'x = 1\n'.repeat(200_000)}`
    const t = performance.now()
    jupytextToNotebook('big.py', `# ---\n# jupyter:\n#   jupytext:\n#     formats: py:percent\n# ---\n${text}`)
    expect(performance.now() - t).toBeLessThan(3000)
  })
})
