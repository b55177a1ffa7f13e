import { describe, expect, it } from 'vitest'
import { defaultConfig, mergeConfig } from '../config'
import { indexApiOf } from '../resolve/indexSource'
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
  it('names each repository a folder of the pack, without clashes', () => {
    const taken = new Set<string>()
    expect(packName('https://github.com/JoeKnittel/BinderDemo.git', taken)).toBe('binderdemo')
    expect(packName('https://gitlab.com/other/BinderDemo', taken)).toBe('binderdemo-2')
    expect(packName('git@host:Some_Repo.git', taken)).toBe('some-repo')
  })
  it('points the repositories, Pyodide, its packages, the package index and webR packages at the pack', () => {
    const config = packConfig('https://s.example/pack/')
    expect(config).toEqual({
      packUrl: 'https://s.example/pack/',
      pyodideIndexUrl: 'https://s.example/pack/pyodide/',
      pyodidePackageBaseUrl: 'https://s.example/pack/pyodide/',
      pypiUrl: 'https://s.example/pack/pypi/simple',
      webrRepoUrl: 'https://s.example/pack/webr-repo',
    })
    // The site reads it like any config.json: every key is one it knows, the index read as a simple API.
    const merged = mergeConfig(defaultConfig('https://s.example'), config)
    expect(merged).toMatchObject({ packUrl: 'https://s.example/pack', webrRepoUrl: 'https://s.example/pack/webr-repo' })
    expect(indexApiOf(merged.pypiUrl)).toBe('simple')
  })
  it('reads the package hosts the pack resolves against and the forges links are recorded for', () => {
    const a = parsePackArgs([
      'https://g/r.git',
      '--out',
      'p',
      '--url',
      'https://s/',
      '--webr-repo-url',
      'http://w/',
      '--github-url',
      'http://gh.test/',
      '--gitlab-url',
      'http://gl.test',
    ])
    expect(a).toMatchObject({ webrRepoUrl: 'http://w', githubUrl: 'http://gh.test', gitlabUrl: 'http://gl.test' })
    expect(parsePackArgs(['https://g/r.git', '--out', 'p', '--url', 'https://s/'])).toMatchObject({
      indexUrl: 'https://pypi.org/simple',
      webrRepoUrl: 'https://repo.r-wasm.org',
      githubUrl: 'https://github.com',
    })
  })
})
