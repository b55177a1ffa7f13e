import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { BadFileNameError, checkFileName, NameTakenError } from '../../shared/safePath'
import { nameErrorText } from './nameError'

const refusal = (name: string) => {
  try {
    checkFileName(name)
  } catch (e) {
    return nameErrorText(e)
  }
  return 'accepted'
}

describe('nameErrorText', () => {
  it('says which rule a bad name breaks', () => {
    expect(refusal('')).toBe('That name cannot be used. Type a name.')
    expect(refusal('a//b')).toMatch(/empty part/)
    expect(refusal('../x')).toMatch(/outside the repository/)
    expect(refusal('.git')).toMatch(/“\.git” is reserved/)
    expect(refusal('x'.repeat(300))).toMatch(/longer than 255 bytes/)
    expect(refusal('a\u0007')).toMatch(/control character \(U\+0007\)/)
    expect(nameErrorText(new BadFileNameError('a/b', 'inside-itself', 'a'))).toMatch(/cannot move into itself \(a\)/)
  })

  it('says what holds a taken name', () => {
    expect(nameErrorText(new NameTakenError('data', true))).toBe(
      'A file or folder of that name already exists: data is a folder.',
    )
    expect(nameErrorText(new NameTakenError('notes.md', false))).toBe(
      'A file or folder of that name already exists: notes.md is a file.',
    )
  })

  it('leaves other errors to the panel', () => {
    expect(nameErrorText(new AppError('STORAGE_FULL', 'full'))).toBeNull()
    expect(nameErrorText(new Error('x'))).toBeNull()
  })
})
