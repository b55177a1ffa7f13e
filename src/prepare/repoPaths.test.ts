import { describe, expect, it } from 'vitest'
import { assertSafeRepoPaths } from './repoPaths'

describe('assertSafeRepoPaths', () => {
  it('passes ordinary repositories, dotted names included', () => {
    expect(() =>
      assertSafeRepoPaths(['README.md', 'binder/requirements.txt', '.binder/x', 'a/..b/c.ipynb', 'notes...md']),
    ).not.toThrow()
  })

  it.each(['../other-repo/x.ipynb', 'data/../../x', '/etc/passwd', 'C:/x', 'a\\..\\..\\b'])(
    'refuses %j with UNSAFE_PATH',
    (path) => {
      expect(() => assertSafeRepoPaths(['README.md', path])).toThrow(
        expect.objectContaining({ code: 'UNSAFE_PATH', data: expect.objectContaining({ path }) }),
      )
    },
  )
})
