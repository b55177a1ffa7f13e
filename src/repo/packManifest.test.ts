import { describe, expect, it } from 'vitest'
import { findInPack, readPackManifest } from './packManifest'

const SHA = 'ab12'.padEnd(40, 'c')
const OTHER = '9f'.padEnd(40, '1')
const manifest = {
  pyodideVersion: '314.0.7',
  repos: [
    { spec: { provider: 'gh', repo: 'JoeKnittel/BinderDemo' }, refs: ['main', 'HEAD'], sha: SHA, name: 'binderdemo' },
    {
      spec: { provider: 'git', repo: 'https://git.school.example/r/lesson.git' },
      refs: ['week-3'],
      sha: OTHER,
      name: 'lesson',
    },
    // Older packs (no spec) and damaged entries are skipped, not trusted.
    { link: 'https://github.com/o/old.git', sha: SHA, name: 'old', launchPath: '/v2/demo/old' },
    { spec: { provider: 'gh', repo: 'o/evil' }, refs: ['main'], sha: SHA, name: '../../etc' },
    { spec: { provider: 'zenodo', repo: '10.5281/zenodo.1' }, refs: ['HEAD'], sha: SHA, name: 'z' },
  ],
}

describe('a class pack manifest', () => {
  const entries = readPackManifest(manifest)
  it('keeps well-formed entries of git providers only', () => {
    expect(entries.map((e) => e.name)).toEqual(['binderdemo', 'lesson'])
    expect(readPackManifest({ repos: 'no' })).toEqual([])
    expect(readPackManifest(null)).toEqual([])
  })
  it('finds a GitHub link by any case of its name and by the refs it was packed at', () => {
    expect(findInPack(entries, { provider: 'gh', repo: 'joeknittel/binderdemo' }, 'main')).toMatchObject({
      entry: { name: 'binderdemo' },
      byRef: true,
    })
    expect(findInPack(entries, { provider: 'gh', repo: 'JoeKnittel/BinderDemo' }, 'HEAD')?.entry.sha).toBe(SHA)
    expect(findInPack(entries, { provider: 'gh', repo: 'JoeKnittel/BinderDemo' }, 'dev')).toBeUndefined()
    expect(findInPack(entries, { provider: 'gl', repo: 'JoeKnittel/BinderDemo' }, 'main')).toBeUndefined()
  })
  it('finds the packed commit by its SHA, full or abbreviated, never by a short or foreign one', () => {
    const spec = { provider: 'gh' as const, repo: 'JoeKnittel/BinderDemo' }
    expect(findInPack(entries, spec, SHA)).toMatchObject({ byRef: false })
    expect(findInPack(entries, spec, SHA.slice(0, 7).toUpperCase())).toMatchObject({ byRef: false })
    expect(findInPack(entries, spec, SHA.slice(0, 6))).toBeUndefined()
    expect(findInPack(entries, spec, OTHER)).toBeUndefined()
  })
  it('matches a git URL with or without .git and a trailing slash', () => {
    for (const repo of ['https://git.school.example/r/lesson', 'https://git.school.example/r/lesson.git/'])
      expect(findInPack(entries, { provider: 'git', repo }, 'week-3')?.entry.name).toBe('lesson')
  })
})
