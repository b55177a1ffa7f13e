import fc from 'fast-check'
import { posix } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BadFileNameError, checkFileName, fileNameProblem, NameTakenError, unsafePathReason } from './safePath'

/** What a real join does: does `path` under /root end up outside /root? */
const escapes = (path: string) => {
  const joined = posix.normalize(posix.join('/root', path.replace(/\\/g, '/')))
  return (
    path.startsWith('/') ||
    path.startsWith('\\') ||
    /^[A-Za-z]:/.test(path) ||
    !(joined === '/root' || joined.startsWith('/root/'))
  )
}

describe('unsafePathReason', () => {
  it('refuses absolute paths, .. and NUL, and allows names that only look like them', () => {
    expect(unsafePathReason('/etc/passwd')).toBe('is an absolute path')
    expect(unsafePathReason('\\x')).toBe('is an absolute path')
    expect(unsafePathReason('C:x')).toBe('is an absolute path')
    expect(unsafePathReason('a/../../b')).toBe('climbs out of its folder with ..')
    expect(unsafePathReason('a\\..\\b')).toBe('climbs out of its folder with ..')
    expect(unsafePathReason('a\0b')).toBe('contains a NUL character')
    for (const ok of ['a/b.txt', '..a/b', 'a..', '.hidden', 'dir/']) expect(unsafePathReason(ok)).toBeNull()
  })

  it('never lets through a path whose join leaves the folder', () => {
    const part = fc.constantFrom('a', 'b', '.', '..', '', '\\', 'c:', '..\\', 'x..')
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.boolean(), (parts, lead) => {
        const path = (lead ? '/' : '') + parts.join('/')
        if (unsafePathReason(path) === null) expect(escapes(path)).toBe(false)
      }),
    )
  })
})

describe('checkFileName', () => {
  const ruleOf = (name: string) => {
    try {
      checkFileName(name)
      return null
    } catch (e) {
      expect(e).toBeInstanceOf(BadFileNameError)
      expect((e as BadFileNameError).code).toBe('BAD_FILE_NAME')
      return (e as BadFileNameError).rule
    }
  }

  it('keeps good names, trimming spaces and leading slashes', () => {
    expect(checkFileName('  notes.md ')).toBe('notes.md')
    expect(checkFileName('/results/table.csv')).toBe('results/table.csv')
    expect(checkFileName('données/été.txt')).toBe('données/été.txt')
    expect(checkFileName('.hidden/__pycache__x')).toBe('.hidden/__pycache__x')
  })

  it('names the rule each bad name breaks', () => {
    expect(ruleOf('')).toBe('empty')
    expect(ruleOf('/')).toBe('empty')
    expect(ruleOf('   ')).toBe('empty')
    expect(ruleOf('a//b')).toBe('empty-part')
    expect(ruleOf('a/')).toBe('empty-part')
    expect(ruleOf('..')).toBe('outside')
    expect(ruleOf('a/../b')).toBe('outside')
    expect(ruleOf('./a')).toBe('dots')
    expect(ruleOf('.git')).toBe('reserved')
    expect(ruleOf('src/.git/config')).toBe('reserved')
    expect(ruleOf('CON')).toBe('reserved')
    expect(ruleOf('nul.txt')).toBe('reserved')
    expect(ruleOf('x'.repeat(256))).toBe('too-long')
    expect(ruleOf('é'.repeat(128))).toBe('too-long') // 256 bytes in UTF-8
    expect(ruleOf(`a/${'b/'.repeat(600)}c`)).toBe('too-long')
    expect(ruleOf('tab\there')).toBe('control')
    expect(ruleOf('nul\0')).toBe('control')
    expect(fileNameProblem('tab\there')).toEqual({ rule: 'control', part: 'U+0009' })
  })

  it('accepts only names that stay inside the repository, with no empty, dot or control part', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        let path: string
        try {
          path = checkFileName(name)
        } catch (e) {
          expect(e).toBeInstanceOf(BadFileNameError)
          return
        }
        expect(escapes(path)).toBe(false)
        expect(path.split('/').every((p) => p !== '' && p !== '.' && p !== '..')).toBe(true)
        expect(/[\u0000-\u001f\u007f]/.test(path)).toBe(false)
      }),
    )
  })

  it('NameTakenError carries its code and path', () => {
    const e = new NameTakenError('data', true)
    expect(e.code).toBe('NAME_TAKEN')
    expect(e.data).toEqual({ path: 'data', isFolder: true })
  })
})
