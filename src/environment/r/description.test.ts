import { describe, expect, it } from 'vitest'
import { readDescription } from './description'
import { readRuntimeTxt } from './runtimeTxt'

const DESCRIPTION = `Package: scores
Title: Exam Scores
Version: 0.1.0
Depends:
    R (>= 4.1.0),
    stats
Imports: dplyr (>= 1.0.0), ggplot2,
    readr
Suggests: testthat
`

describe('readDescription', () => {
  it('reads Depends and Imports (continuation lines, versions), skipping R and base packages', () => {
    expect(readDescription(DESCRIPTION, 'DESCRIPTION')).toEqual({
      rVersion: '>= 4.1.0',
      reasons: [
        {
          level: 'warning',
          file: 'DESCRIPTION',
          text: "the repository's own package scores is not installed in the browser, only what it depends on; library(scores) will not find it",
        },
      ],
      packages: [
        { name: 'dplyr', version: '>= 1.0.0', file: 'DESCRIPTION', line: 7, source: 'DESCRIPTION' },
        { name: 'ggplot2', file: 'DESCRIPTION', line: 7, source: 'DESCRIPTION' },
        { name: 'readr', file: 'DESCRIPTION', line: 7, source: 'DESCRIPTION' },
      ],
    })
  })

  it('sends Remotes to the hub', () => {
    expect(readDescription('Package: x\nImports: cli\nRemotes: r-lib/cli\n', 'DESCRIPTION').reasons).toContainEqual({
      level: 'hub',
      file: 'DESCRIPTION',
      text: 'Remotes: installs packages from outside a package repository',
    })
  })
})

describe('readRuntimeTxt', () => {
  it('reads r-X.Y-YYYY-MM-DD, r-X.Y.Z, and leaves Python runtimes alone', () => {
    expect(readRuntimeTxt('r-4.1-2022-01-10\n', 'runtime.txt')).toEqual({
      version: '4.1',
      date: '2022-01-10',
      file: 'runtime.txt',
    })
    expect(readRuntimeTxt('r-4.3.1', 'runtime.txt')).toEqual({ version: '4.3.1', file: 'runtime.txt' })
    expect(readRuntimeTxt('python-3.10', 'runtime.txt')).toBeUndefined()
  })
})
