import { describe, expect, it } from 'vitest'
import { UsageError } from './args'
import { packConfig, packName, parsePackArgs } from './packArgs'

describe('quire pack arguments', () => {
  it('reads repositories, the folder and the URL it will be served at', () => {
    const a = parsePackArgs([
      'https://github.com/o/lesson.git',
      'https://gitlab.com/g/p',
      '--out',
      'pack',
      '--url',
      'https://s.example/pack',
      '--ref',
      'week-3',
    ])
    expect(a).toMatchObject({
      repos: ['https://github.com/o/lesson.git', 'https://gitlab.com/g/p'],
      out: 'pack',
      url: 'https://s.example/pack/',
      ref: 'week-3',
      isCheck: false,
    })
  })
  it('--check needs only the folder; a pack needs a repository and an http(s) URL', () => {
    expect(parsePackArgs(['--check', '--out', 'pack'])).toMatchObject({ isCheck: true, out: 'pack' })
    expect(() => parsePackArgs(['--out', 'pack', '--url', 'https://s.example/'])).toThrow(UsageError)
    expect(() => parsePackArgs(['https://g/r.git', '--out', 'pack'])).toThrow(/--url/)
    expect(() => parsePackArgs(['https://g/r.git', '--url', 'https://s/'])).toThrow(/--out/)
  })
  it('names each repository as a /v2/demo/<name> launch can, without clashes', () => {
    const taken = new Set<string>()
    expect(packName('https://github.com/JoeKnittel/BinderDemo.git', taken)).toBe('binderdemo')
    expect(packName('https://gitlab.com/other/BinderDemo', taken)).toBe('binderdemo-2')
    expect(packName('git@host:Some_Repo.git', taken)).toBe('some-repo')
  })
  it('points Pyodide, its packages and the repositories at the pack', () => {
    expect(packConfig('https://s.example/pack/')).toEqual({
      pyodideIndexUrl: 'https://s.example/pack/pyodide/',
      pyodidePackageBaseUrl: 'https://s.example/pack/pyodide/',
      demoBaseUrl: 'https://s.example/pack/repos',
      pypiUrl: 'https://s.example/pack/pypi',
    })
  })
})
