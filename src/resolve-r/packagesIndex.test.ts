import { describe, expect, it } from 'vitest'
import { readPackagesIndex } from './packagesIndex'
import { compareRVersions, satisfiesR } from './rVersion'

// The shape of a CRAN-like PACKAGES file (fields as tools::write_PACKAGES writes them).
const PACKAGES = `Package: cli
Version: 3.6.5
Depends: R (>= 3.4)
Imports: utils
License: MIT + file LICENSE
MD5sum: 0b0e2d0f4c1f8d0b6e1f2a9b1c3d4e5f
NeedsCompilation: yes

Package: dplyr
Version: 1.1.4
Depends: R (>= 3.5.0)
Imports: cli (>= 3.4.0), generics, glue (>= 1.3.2), lifecycle (>=
        1.0.3), magrittr (>= 1.5), methods, pillar (>= 1.9.0), R6,
        rlang (>= 1.1.0), tibble (>= 3.2.0), tidyselect (>= 1.2.0),
        utils, vctrs (>= 0.6.4)
LinkingTo: cpp11 (>= 0.4.0)
License: MIT + file LICENSE
NeedsCompilation: yes

Version: 1.0
`

describe('readPackagesIndex', () => {
  it('reads each paragraph, joining continuation lines, with R itself apart from the packages', () => {
    const index = readPackagesIndex(PACKAGES)
    expect([...index.keys()]).toEqual(['cli', 'dplyr'])
    expect(index.get('cli')).toEqual({
      name: 'cli',
      version: '3.6.5',
      needs: [{ name: 'utils' }],
      linkingTo: [],
      needsR: '>= 3.4',
    })
    const dplyr = index.get('dplyr')
    expect(dplyr?.needs).toContainEqual({ name: 'lifecycle', constraint: '>= 1.0.3' })
    expect(dplyr?.needs.map((d) => d.name)).toEqual([
      'cli',
      'generics',
      'glue',
      'lifecycle',
      'magrittr',
      'methods',
      'pillar',
      'R6',
      'rlang',
      'tibble',
      'tidyselect',
      'utils',
      'vctrs',
    ])
    expect(dplyr?.linkingTo).toEqual([{ name: 'cpp11', constraint: '>= 0.4.0' }])
  })
})

describe('R versions', () => {
  it('compares as R does: integer parts split at . and -', () => {
    expect(compareRVersions('1.10.0', '1.9.9')).toBeGreaterThan(0)
    expect(compareRVersions('1.0', '1.0.1')).toBeLessThan(0)
    expect(compareRVersions('0.4-3', '0.4.3')).toBe(0)
  })

  it('checks DESCRIPTION and conda constraints; unreadable ones are not enforced', () => {
    expect(satisfiesR('1.1.4', '>= 1.0.0')).toBe(true)
    expect(satisfiesR('1.1.4', '== 1.0.10')).toBe(false)
    expect(satisfiesR('4.6.0', '>=4.1')).toBe(true)
    expect(satisfiesR('4.6.0', '< 4.5')).toBe(false)
    expect(satisfiesR('1.0', '~ 1.0')).toBeUndefined()
  })
})
