import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { readEnvironmentYml } from './environmentYml'

const read = (text: string) => readEnvironmentYml(text, 'environment.yml')

describe('readEnvironmentYml', () => {
  it('maps conda names and versions to PEP 440 requirements, ignoring channels', () => {
    const env = read(`name: x
channels: [conda-forge]
dependencies:
  - conda-forge::matplotlib-base=3.8
  - numpy==1.26.4
  - scipy >=1.10,<2
  - pandas 2.1.*
  - seaborn-base=0.13.2=pyhd8ed1ab_0
`)
    expect(env.requirements.map((r) => [r.name, r.specifier, r.line])).toEqual([
      ['matplotlib', '==3.8.*', 4],
      ['numpy', '==1.26.4', 5],
      ['scipy', '>=1.10,<2', 6],
      ['pandas', '==2.1.*', 7],
      ['seaborn', '==0.13.2.*', 8],
    ])
    expect(env.reasons).toContainEqual({
      level: 'note',
      file: 'environment.yml',
      pkg: 'matplotlib',
      text: "conda's matplotlib-base is matplotlib on PyPI.",
    })
  })

  it("checks python= against Pyodide's Python 3.14", () => {
    expect(read('dependencies: [python=3.14]').reasons).toEqual([])
    expect(read('dependencies: [python>=3.10]').reasons).toEqual([])
    expect(read('dependencies: [python=3.12]').reasons).toEqual([
      expect.objectContaining({ level: 'warning', pkg: 'python', text: expect.stringContaining('3.12') }),
    ])
  })

  it('skips server-only packages with a note and makes R packages a hub reason', () => {
    const env = read(
      'dependencies:\n  - jupyterlab\n  - voila\n  - nbgitpuller\n  - jupyter-server-proxy\n  - r-ggplot2\n',
    )
    expect(env.requirements).toEqual([])
    expect(env.reasons.map((r) => [r.level, r.pkg])).toEqual([
      ['note', 'jupyterlab'],
      ['note', 'voila'],
      ['note', 'nbgitpuller'],
      ['note', 'jupyter-server-proxy'],
      ['hub', 'r-ggplot2'],
    ])
  })

  it('reads the pip: section like requirements.txt lines, with their YAML line numbers', () => {
    const env = read(
      'dependencies:\n  - pip\n  - pip:\n    - tinytable>=1.1\n    - greetings ; sys_platform == "emscripten"\n    - -r extra.txt\n',
    )
    expect(env.requirements.map((r) => [r.name, r.specifier, r.marker, r.line])).toEqual([
      ['tinytable', '>=1.1', undefined, 4],
      ['greetings', '', 'sys_platform == "emscripten"', 5],
    ])
    expect(env.options).toMatchObject([{ kind: 'requirement', value: 'extra.txt', line: 6 }])
  })

  it.each([
    ['dependencies:\n  - numpy\n   - bad: [', 2],
    ['dependencies:\n  - numpy\n  - pip:\n    - tinytable >>= 2\n', 4],
    ['dependencies:\n  - {a: 1}\n', 2],
    ['dependencies: 3\n', 1],
  ])('refuses %j with BAD_REQUIREMENT at line %i', (text, line) => {
    expect(() => read(text)).toThrow(
      expect.objectContaining({
        code: 'BAD_REQUIREMENT',
        data: expect.objectContaining({ file: 'environment.yml', line }),
      }),
    )
  })

  it('an empty file or one without dependencies asks for nothing', () => {
    expect(read('').requirements).toEqual([])
    expect(read('name: x\n').requirements).toEqual([])
  })

  it('never throws anything but a coded AppError with a line number (property)', () => {
    const yamlish = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'dependencies:',
            '  - ',
            '  - pip:',
            '    - ',
            'channels:',
            ':',
            '- [',
            '{',
            '"',
            '#',
            '=',
            '==',
            '>=1',
            '::',
            'python=3.',
            'r-',
            '\t',
          ),
          fc.string({ maxLength: 8 }),
        ),
        { maxLength: 30 },
      )
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(fc.oneof(yamlish, fc.string()), (text) => {
        try {
          read(text)
        } catch (e) {
          expect(e).toBeInstanceOf(AppError)
          expect(e).toMatchObject({ code: 'BAD_REQUIREMENT', data: { line: expect.any(Number) } })
        }
      }),
      { numRuns: 2000 },
    )
  })
})
