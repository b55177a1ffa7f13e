import { describe, expect, it } from 'vitest'
import { hasRealConfigs, noteIfNoRealConfigs, readReal } from '../../shared/__fixtures__/realConfigs'
import { readInstallR } from './installR'

noteIfNoRealConfigs('src/environment/r/installR.test.ts: 1 test on a real install.R')

const names = (text: string) => readInstallR(text, 'install.R').packages.map((p) => p.name)

describe('readInstallR', () => {
  it.skipIf(!hasRealConfigs)(
    'reads the real ImperialCollegeLondon/RCDS-intro-to-r install.R, whose only line is a comment',
    () => {
      const text = readReal('ImperialCollegeLondon__RCDS-intro-to-r/binder/install.R')
      expect(readInstallR(text, 'binder/install.R')).toEqual({ packages: [], reasons: [] })
    },
  )

  it('an install.R whose only line is a comment asks for nothing', () => {
    expect(readInstallR('### install regular packages\n\n', 'binder/install.R')).toEqual({ packages: [], reasons: [] })
  })

  it('reads single names, c(...) vectors over several lines, pkgs = and both quote styles', () => {
    const text = [
      'install.packages("tidyverse")',
      "install.packages(c('dplyr',",
      '                   "ggplot2"), repos = "https://cran.r-project.org")',
      'install.packages(repos = NULL, pkgs = "rmarkdown")',
      'utils::install.packages("data.table", dependencies = TRUE)',
    ].join('\n')
    expect(readInstallR(text, 'install.R').packages).toEqual([
      { name: 'tidyverse', file: 'install.R', line: 1, source: 'install.R' },
      { name: 'dplyr', file: 'install.R', line: 2, source: 'install.R' },
      { name: 'ggplot2', file: 'install.R', line: 2, source: 'install.R' },
      { name: 'rmarkdown', file: 'install.R', line: 4, source: 'install.R' },
      { name: 'data.table', file: 'install.R', line: 5, source: 'install.R' },
    ])
  })

  it('ignores commented-out calls and # inside strings', () => {
    expect(names('# install.packages("old")\ninstall.packages("a#b") # trailing')).toEqual(['a#b'])
  })

  it('never guesses names computed in code, and says so', () => {
    const r = readInstallR('pkgs <- c("a", "b")\ninstall.packages(pkgs)', 'install.R')
    expect(r.packages).toEqual([])
    expect(r.reasons).toEqual([
      {
        level: 'warning',
        file: 'install.R',
        text: 'line 2: install.packages(pkgs) names its packages in code Quire does not run',
      },
    ])
  })

  it('sends GitHub installs and shell commands to the hub', () => {
    const r = readInstallR('remotes::install_github("r-lib/cli")\nsystem("apt-get install -y libxml2")', 'install.R')
    expect(r.reasons).toEqual([
      {
        level: 'hub',
        file: 'install.R',
        text: 'line 1: remotes::install_github installs from outside a package repository',
      },
      { level: 'hub', file: 'install.R', text: 'line 2: runs shell commands (system()), which the browser cannot' },
    ])
  })
})
