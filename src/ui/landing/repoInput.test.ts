import { describe, expect, it } from 'vitest'
import { badgeSnippets, readRepoInput } from './repoInput'

describe('readRepoInput', () => {
  it('reads the forms people paste', () => {
    expect(readRepoInput('norvig/pytudes')).toEqual({ kind: 'repo', provider: 'gh', repo: 'norvig/pytudes' })
    expect(readRepoInput('https://github.com/norvig/pytudes.git')).toMatchObject({
      provider: 'gh',
      repo: 'norvig/pytudes',
    })
    expect(readRepoInput('https://github.com/norvig/pytudes/tree/dev')).toMatchObject({
      provider: 'gh',
      repo: 'norvig/pytudes',
      ref: 'dev',
    })
    expect(readRepoInput('https://github.com/a/b/blob/main/ipynb/Advent.ipynb')).toMatchObject({
      ref: 'main',
      labpath: 'ipynb/Advent.ipynb',
    })
    expect(readRepoInput('https://gitlab.com/group/sub/proj/-/tree/v1')).toEqual({
      kind: 'repo',
      provider: 'gl',
      repo: 'group/sub/proj',
      ref: 'v1',
    })
    expect(readRepoInput('https://gist.github.com/alice/0123abcd')).toEqual({
      kind: 'repo',
      provider: 'gist',
      repo: 'alice/0123abcd',
    })
    expect(readRepoInput('https://git.example.org/x/y.git')).toEqual({
      kind: 'repo',
      provider: 'git',
      repo: 'https://git.example.org/x/y.git',
    })
    expect(readRepoInput('  ')).toEqual({ kind: 'empty' })
  })

  it('converts a mybinder.org link, keeping ref and path', () => {
    const r = readRepoInput('https://mybinder.org/v2/gh/norvig/pytudes/main?urlpath=lab/tree/ipynb/Advent.ipynb')
    expect(r).toMatchObject({
      kind: 'binder-link',
      spec: { provider: 'gh', repo: 'norvig/pytudes', ref: 'main', labpath: 'ipynb/Advent.ipynb' },
    })
  })

  it('explains what it cannot read', () => {
    expect(readRepoInput('not a repo')).toMatchObject({ kind: 'invalid' })
    expect(readRepoInput('ftp://x/y')).toMatchObject({ kind: 'invalid' })
    expect(readRepoInput('https://mybinder.org/v2/zenodo/1')).toMatchObject({ kind: 'invalid' })
  })
})

describe('badgeSnippets', () => {
  it('points every snippet at the link with the site badge', () => {
    const s = badgeSnippets('https://q.test/v2/gh/a/b/main', 'https://q.test')
    expect(s.markdown).toBe('[![Open in Quire](https://q.test/badge_logo.svg)](https://q.test/v2/gh/a/b/main)')
    expect(s.rst).toContain(':target: https://q.test/v2/gh/a/b/main')
    expect(s.html).toBe(
      '<a href="https://q.test/v2/gh/a/b/main"><img src="https://q.test/badge_logo.svg" alt="Open in Quire"></a>',
    )
  })
})
