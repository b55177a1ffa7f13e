import { describe, expect, it } from 'vitest'
import { parseLaunchUrl } from '../launch'
import { evictedName, evictedWords } from './evictedName'

describe('evictedName', () => {
  it('names a repository as its header does, with its ref, from the storage key of its link', () => {
    const git = parseLaunchUrl(`/v2/git/${encodeURIComponent('http://127.0.0.1:4000/lab/x.git')}/main`)
    expect(evictedName(git.key)).toBe('x (main)')
    expect(evictedName(parseLaunchUrl('/v2/gh/octo/routes/main').key)).toBe('octo/routes (main)')
    expect(evictedName(parseLaunchUrl('/v2/gist/u/abc123/HEAD').key)).toBe('u/abc123 (HEAD)')
  })
  it('names the start-up snapshot and the history’s versions in words', () => {
    expect(evictedName('baseline@0.29.0@https://cdn.example/pyodide/v0.29.0/full/')).toBe(
      'Python’s start-up snapshot (Pyodide 0.29.0)',
    )
    expect(evictedName('history (3 older versions)')).toBe('history (3 older versions)')
    expect(evictedName('demo:intro')).toBe('the demo “intro”')
  })
})

describe('evictedWords', () => {
  it('says what was removed, by name, only when something was', () => {
    expect(evictedWords({ evicted: ['gh:octo/routes@main', 'history (2 older versions)'] })).toBe(
      'Quire removed what was used least recently, and it was still not enough. ' +
        'Removed to make room: octo/routes (main), history (2 older versions).',
    )
    expect(evictedWords({ what: 'an edit of a.ipynb', evicted: [] })).toBe(
      'Quire removed nothing: nothing else it may remove is stored (it never removes this repository or your edits).',
    )
    expect(evictedWords({ dir: '/repos/1' })).toBeUndefined()
  })
})
