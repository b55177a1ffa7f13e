import { describe, expect, it } from 'vitest'
import { parseGitmodules, resolveSubmoduleUrl } from './gitmodules'
import { classifyLinks, filesLikeLinks, resolveLink } from './links'

const files = ['a.ipynb', 'data/real.csv', 'sub/b.ipynb'].map((path) => ({ path }))

describe('resolveLink', () => {
  const links = new Map([
    ['loop', '.'],
    ['up', '..'],
    ['x', 'y'],
    ['y', 'x'],
  ])
  it('follows relative targets from the link’s folder, and links met on the way', () => {
    expect(resolveLink({ path: 'data/link.csv', target: 'real.csv' }, links)).toBe('data/real.csv')
    expect(resolveLink({ path: 'data/nb', target: '../sub/./b.ipynb' }, links)).toBe('sub/b.ipynb')
    expect(resolveLink({ path: 'loop', target: '.' }, links)).toBe('')
    expect(resolveLink({ path: 'deep', target: 'loop/loop/loop/a.ipynb' }, links)).toBe('a.ipynb')
  })
  it('gives up on absolute targets, on leaving the root and on cycles', () => {
    expect(resolveLink({ path: 'abs', target: '/etc/passwd' }, links)).toBeUndefined()
    expect(resolveLink({ path: 'data/big.csv', target: '../../outside/big.csv' }, links)).toBeUndefined()
    expect(resolveLink({ path: 'up', target: '..' }, links)).toBeUndefined()
    expect(resolveLink({ path: 'x', target: 'y' }, links)).toBeUndefined()
  })
})

describe('classifyLinks', () => {
  it('keeps links to files and folders of the repository; names dangling, absolute and outside ones', () => {
    const { inside, broken } = classifyLinks(files, [
      { path: 'loop', target: '.' },
      { path: 'data/copy.csv', target: 'real.csv' },
      { path: 'nbs', target: 'sub' },
      { path: 'data/big.csv', target: '../../outside/big.csv' },
      { path: 'gone', target: 'nothing/here' },
      { path: 'abs', target: '/tmp/x' },
    ])
    expect(inside.map((l) => l.path)).toEqual(['loop', 'data/copy.csv', 'nbs'])
    expect(broken).toEqual(['data/big.csv → ../../outside/big.csv', 'gone → nothing/here', 'abs → /tmp/x'])
  })
})

describe('.gitmodules', () => {
  it('reads path and url of each section, ignoring comments and other sections', () => {
    const text = [
      '# a comment',
      '[submodule "lib"]',
      '\tpath = vendor/lib',
      '\turl = https://github.com/o/lib.git ; trailing',
      '[core]',
      '\tpath = nope',
      '[submodule "no-url"]',
      '\tpath = x',
      '[submodule "rel"]',
      '  url = ../sibling.git',
      '  path = "sib/"',
    ].join('\n')
    expect(parseGitmodules(text)).toEqual([
      { name: 'lib', path: 'vendor/lib', url: 'https://github.com/o/lib.git' },
      { name: 'rel', path: 'sib', url: '../sibling.git' },
    ])
  })
  it('resolves relative URLs against the superproject as git does, and scp-like ones to https', () => {
    expect(resolveSubmoduleUrl('../sibling.git', 'https://github.com/o/r.git')).toBe('https://github.com/o/sibling.git')
    expect(resolveSubmoduleUrl('../../p/q.git', 'https://gitlab.com/g/r.git')).toBe('https://gitlab.com/p/q.git')
    expect(resolveSubmoduleUrl('./inner.git', 'http://h/r.git')).toBe('http://h/r.git/inner.git')
    expect(resolveSubmoduleUrl('git@github.com:o/x.git', 'https://github.com/o/r.git')).toBe(
      'https://github.com/o/x.git',
    )
    expect(resolveSubmoduleUrl('https://e.org/x.git', 'https://github.com/o/r.git')).toBe('https://e.org/x.git')
  })
})

describe('filesLikeLinks', () => {
  const file = (path: string, text: string | Uint8Array) => ({
    path,
    data: typeof text === 'string' ? new TextEncoder().encode(text) : text,
  })
  const tree = [
    file('README.md', '# title\n'),
    file('data/2024.csv', 'a,b\n1,2\n'),
    // What jsDelivr gives for links (their target's path, no newline):
    file('data/latest.csv', '2024.csv'),
    file('data/big.csv', '../../outside/big.csv'),
    file('abs.txt', '/etc/hostname'),
    file('loop', '.'),
    file('notes.md', 'README.md'),
    // Real files that are one line too:
    file('VERSION', '1.0.3'),
    file('greeting.txt', 'hello world'),
    file('self.txt', 'self.txt'),
    file('named.txt', 'README.md\n'),
    file('empty', ''),
    file('bytes.bin', new Uint8Array([0x2e, 0xff, 0xfe])),
    file('tab.txt', 'README.md\tx'),
  ]
  it('takes a one-line target naming the repository’s files or folders, an absolute path or the outside for a link', () => {
    expect(filesLikeLinks(tree)).toEqual([
      { path: 'data/latest.csv', target: '2024.csv' },
      { path: 'data/big.csv', target: '../../outside/big.csv' },
      { path: 'abs.txt', target: '/etc/hostname' },
      { path: 'loop', target: '.' },
      { path: 'notes.md', target: 'README.md' },
    ])
  })
  it('never a file longer than a path can be', () => {
    expect(filesLikeLinks([file('long', `/${'a'.repeat(4095)}`)])).toEqual([])
  })
})
