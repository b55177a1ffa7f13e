import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { parseRequirements } from './requirements'

describe('parseRequirements on arbitrary text (property)', () => {
  const pipish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'numpy',
          '-r',
          '-c',
          '--hash=',
          '-e .',
          '==',
          '>=',
          '~=',
          '!=',
          '[',
          ']',
          ';',
          ' @ ',
          'https://x/y.whl',
          'python_version',
          '"3.8"',
          '\\',
          '\n',
          '#',
          ' ',
          ',',
          '(',
          ')',
          'extra ==',
          '--index-url',
          '=',
          '*',
        ),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''))

  it('never throws anything but BAD_REQUIREMENT naming a line that exists', () => {
    fc.assert(
      fc.property(fc.oneof(pipish, fc.string(), fc.string({ unit: 'binary' })), (text) => {
        try {
          const parsed = parseRequirements(text, 'requirements.txt')
          for (const r of parsed.requirements) expect(r.line).toBeGreaterThanOrEqual(1)
        } catch (e) {
          expect(e).toBeInstanceOf(AppError)
          expect(e).toMatchObject({ code: 'BAD_REQUIREMENT', data: { file: 'requirements.txt' } })
          const { line } = (e as AppError).data
          expect(typeof line === 'number' && line >= 1 && line <= text.split(/\r\n|\r|\n/).length).toBe(true)
        }
      }),
      { numRuns: 3000 },
    )
  })
})
