// Issue 10: every parser of a repository's environment files, given arbitrary or adversarial text,
// either parses or throws a coded AppError; none throws anything else or takes unbounded time.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_CONFIG_CHARS } from '../resolve'
import { AppError } from '../shared/errors'
import { readEnvironmentYml } from './environmentYml'
import { readPyproject, readSetupPy } from './localPackage'
import { readPipfile, readPipfileLock } from './pipfile'
import { readPostBuild } from './postBuild'
import { runtimeTxtReason } from './python'
import { parseRuntimeTxt } from './runtimeTxt'

/** Runs `parse`; a throw must be an AppError. Returns the error, if any. */
function parsesOrCoded(parse: () => unknown): AppError | undefined {
  try {
    parse()
    return undefined
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
}

const text = (tokens: string[]) =>
  fc.oneof(
    fc
      .array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 5 })), { maxLength: 50 })
      .map((p) => p.join('')),
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
  )

const YAML_TOKENS = [
  'name: x\n',
  'dependencies:\n',
  '  - ',
  'numpy',
  '=1.2',
  '==',
  'python=3.8',
  'pip',
  '  - pip:\n',
  '    - ',
  '-r requirements.txt',
  'channels: [conda-forge]\n',
  '\n',
  ': ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '&a ',
  '*a',
  '!!python/object ',
  '|',
  '>',
  '#',
  '"',
  "'",
  '\t',
  '---\n',
  '...\n',
  '<<: *a\n',
]
const TOML_TOKENS = [
  '[packages]\n',
  '[dev-packages]\n',
  '[requires]\n',
  'python_version = "3.8"\n',
  'numpy = "*"\n',
  'pandas = "==1.0"\n',
  '= ',
  '"',
  "'",
  '{',
  '}',
  'version = ',
  'markers = ',
  'extras = ["a"]',
  '\n',
  '[[',
  ']]',
  '#',
  'x.y = 1\n',
  'git = "https://x"',
  'path = "."',
  '[project]\n',
  'dependencies = [',
  '"numpy>=1"',
  ']',
]
const JSON_TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '"default"',
  '"develop"',
  ':',
  ',',
  '"numpy"',
  '{"version": "==1.0"}',
  '"version"',
  '"==2"',
  '"hashes"',
  '["sha256:00"]',
  'null',
  '1',
  '"markers"',
  '"_meta"',
]

describe('environment parsers on arbitrary text (property)', () => {
  it('environment.yml: parses or throws a coded error', () => {
    fc.assert(
      fc.property(text(YAML_TOKENS), (t) => {
        parsesOrCoded(() => readEnvironmentYml(t, 'environment.yml'))
      }),
      { numRuns: 1500 },
    )
  })

  it('Pipfile (TOML) and Pipfile.lock (JSON): parse or throw a coded error', () => {
    fc.assert(
      fc.property(text(TOML_TOKENS), (t) => {
        parsesOrCoded(() => readPipfile(t, 'Pipfile'))
      }),
      { numRuns: 1500 },
    )
    fc.assert(
      fc.property(fc.oneof(text(JSON_TOKENS), fc.json()), (t) => {
        parsesOrCoded(() => readPipfileLock(t, 'Pipfile.lock'))
      }),
      { numRuns: 1500 },
    )
  })

  it('runtime.txt, setup.py, pyproject.toml and postBuild: parse or throw a coded error', () => {
    fc.assert(
      fc.property(text(['python-', 'r-', '3.', '10', '-2022-01-01', '\n', ' ', 'x']), (t) => {
        parsesOrCoded(() => runtimeTxtReason(parseRuntimeTxt(t), 'runtime.txt'))
      }),
      { numRuns: 1000 },
    )
    fc.assert(
      fc.property(text(['install_requires=[', '"numpy"', ']', 'setup(', ')', '\n']), (t) => {
        parsesOrCoded(() => readSetupPy(t, 'setup.py'))
      }),
      { numRuns: 800 },
    )
    fc.assert(
      fc.property(text(TOML_TOKENS), (t) => {
        parsesOrCoded(() => readPyproject(t, 'pyproject.toml'))
      }),
      { numRuns: 800 },
    )
    fc.assert(
      fc.property(
        text(['#!/bin/bash\n', 'jupyter labextension install x\n', 'pip install y\n', 'set -e\n', '&&', '\\\n']),
        (t) => {
          parsesOrCoded(() => readPostBuild(t, 'postBuild'))
        },
      ),
      { numRuns: 800 },
    )
  })

  it('stays bounded on inputs built to blow up: YAML alias bombs, deep nesting, huge files', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
      'dependencies: *j',
    ]
    const cases: Array<[string, () => unknown]> = [
      ['alias bomb', () => readEnvironmentYml(bomb.join('\n'), 'environment.yml')],
      ['deep yaml', () => readEnvironmentYml(`dependencies: ${'['.repeat(20_000)}`, 'environment.yml')],
      ['deep toml', () => readPipfile(`x = ${'['.repeat(20_000)}`, 'Pipfile')],
      ['deep json', () => readPipfileLock('['.repeat(200_000), 'Pipfile.lock')],
      ['huge yaml', () => readEnvironmentYml(`dependencies:\n${'  - numpy\n'.repeat(200_000)}`, 'environment.yml')],
      [
        'largest yaml read',
        () =>
          readEnvironmentYml(`dependencies:\n${'  - numpy\n'.repeat(MAX_CONFIG_CHARS / 10 - 2)}`, 'environment.yml'),
      ],
      [
        'largest lock read',
        () =>
          readPipfileLock(
            `{"default": {${Array.from({ length: MAX_CONFIG_CHARS / 40 }, (_, i) => `"p${i}": {"version": "==1.0"}`).join(',')}}}`.slice(
              0,
              MAX_CONFIG_CHARS - 2,
            ) + '}}',
            'Pipfile.lock',
          ),
      ],
    ]
    for (const [name, parse] of cases) {
      const t = performance.now()
      const err = parsesOrCoded(parse)
      if (name === 'huge yaml') expect(err?.message).toMatch(/more than Quire reads/)
      expect(performance.now() - t, name).toBeLessThan(5000)
    }
  })
})
