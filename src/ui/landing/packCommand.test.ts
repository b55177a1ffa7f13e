import { describe, expect, it } from 'vitest'
import { packCommand } from './packCommand'
import { readRepoInput } from './repoInput'

describe('packCommand', () => {
  it('names the clone URL of what was typed, its ref, and the pack folder beside this site', () => {
    expect(packCommand(readRepoInput('JoeKnittel/BinderDemo'), '', 'https://school.example')).toBe(
      'npx quire pack https://github.com/JoeKnittel/BinderDemo.git --out pack --url https://school.example/pack/',
    )
    expect(
      packCommand(
        readRepoInput('https://mybinder.org/v2/gh/owner/repo/lesson-3?labpath=a.ipynb'),
        '',
        'https://s.example',
      ),
    ).toBe('npx quire pack https://github.com/owner/repo.git --ref lesson-3 --out pack --url https://s.example/pack/')
    expect(packCommand(readRepoInput('https://gitlab.com/group/proj'), 'main', 'https://s.example')).toContain(
      'https://gitlab.com/group/proj.git --ref main',
    )
  })
  it('offers nothing for input that names no repository', () => {
    expect(packCommand(readRepoInput(''), '', 'https://s.example')).toBeNull()
    expect(packCommand(readRepoInput('not a repo !'), '', 'https://s.example')).toBeNull()
  })
})
