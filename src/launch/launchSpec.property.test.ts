// Issue 10: launch links are typed by strangers. Any pathname and query either parse into a
// LaunchSpec whose parts are safe to use, or throw a coded error (BAD_LAUNCH_URL, UNSUPPORTED_PROVIDER).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { parseLaunchUrl } from './launchSpec'

const PATH_TOKENS = [
  '/v2/',
  'gh/',
  'gl/',
  'gist/',
  'git/',
  'demo/',
  'owner/',
  'repo/',
  'main',
  '%2F',
  '%',
  '%E0%A4%A',
  '%zz',
  '..',
  '/',
  '.git',
  'https%3A%2F%2Fh.test%2Fr.git/',
  'javascript%3Aalert(1)/',
  '\u0000',
  ' ',
  '@{',
  '~',
  '-x',
  'abc123',
  'HEAD',
  '\u202e',
  '.lock',
]
const QUERY_TOKENS = [
  '?',
  '&',
  'labpath=',
  'filepath=',
  'urlpath=',
  'strict=1',
  'lab/tree/',
  'javascript:alert(1)',
  'data:text/html,x',
  '//evil.test/',
  '..%2F',
  '../',
  '%00',
  '%0A',
  'a.ipynb',
  '%',
  '%zz',
  '=',
  '\\\\h\\x',
  'JaVaScRiPt:',
]

const tokens = (ts: string[]) =>
  fc.array(fc.oneof(fc.constantFrom(...ts), fc.string({ maxLength: 4 })), { maxLength: 20 }).map((p) => p.join(''))

function parseOrCoded(path: string, search: string) {
  try {
    return parseLaunchUrl(path, search)
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    expect(['BAD_LAUNCH_URL', 'UNSUPPORTED_PROVIDER']).toContain((e as AppError).code)
    return undefined
  }
}

describe('parseLaunchUrl on arbitrary links (property)', () => {
  it('parses or throws a coded error; what it returns stays inside the repository and speaks http(s)', () => {
    fc.assert(
      fc.property(
        fc.oneof(tokens(PATH_TOKENS), fc.string()),
        fc.oneof(tokens(QUERY_TOKENS), fc.string()),
        (path, search) => {
          const spec = parseOrCoded(path, search)
          if (!spec) return
          if (spec.labpath !== undefined) {
            expect(spec.labpath.split('/')).not.toContain('..')
            expect(spec.labpath.startsWith('/')).toBe(false)
            expect(spec.labpath).not.toMatch(/[\x00-\x1f]/)
          }
          if (spec.provider === 'git') expect(spec.repoUrl).toMatch(/^https?:\/\//)
          expect(spec.name).toMatch(/^[A-Za-z0-9._-]+$/)
        },
      ),
      { numRuns: 4000 },
    )
  })

  it.each([
    ['javascript: in urlpath', '/v2/gh/o/r/main', '?urlpath=javascript:alert(1)'],
    ['javascript: in urlpath, escaped and mixed case', '/v2/gh/o/r/main', '?urlpath=%20JaVaScRiPt%3Aalert(1)'],
    ['data: in urlpath', '/v2/gh/o/r/main', '?urlpath=data:text/html,<script>x</script>'],
    ['another host in urlpath', '/v2/gh/o/r/main', '?urlpath=//evil.test/lab'],
    ['javascript: as the git URL', `/v2/git/${encodeURIComponent('javascript:alert(1)')}/main`, ''],
    ['a huge labpath', '/v2/gh/o/r/main', `?labpath=${'a'.repeat(100_000)}`],
    ['a huge ref', `/v2/gh/o/r/${'b'.repeat(100_000)}`, ''],
    ['bad percent-encoding in the path', '/v2/gh/o%E0%A4%A/r/main', ''],
    ['bad percent-encoding in a urlpath file', '/v2/gh/o/r/main', '?urlpath=lab/tree/%E0%A4%A.ipynb'],
    ['a labpath leaving the repository', '/v2/gh/o/r/main', '?labpath=..%2F..%2Fother%2Fx.ipynb'],
    ['a NUL in the labpath', '/v2/gh/o/r/main', '?labpath=a%00.ipynb'],
  ])('%s is BAD_LAUNCH_URL', (_, path, search) => {
    expect(() => parseLaunchUrl(path, search)).toThrow(expect.objectContaining({ code: 'BAD_LAUNCH_URL' }))
  })

  it('keeps the urlpath forms mybinder links use', () => {
    expect(parseLaunchUrl('/v2/gh/o/r/main', '?urlpath=lab/tree/a.ipynb').labpath).toBe('a.ipynb')
    expect(parseLaunchUrl('/v2/gh/o/r/main', '?urlpath=%2Ftree%2Fsub%2Fb.ipynb').labpath).toBe('sub/b.ipynb')
    expect(parseLaunchUrl('/v2/gh/o/r/main', '?urlpath=rstudio').labpath).toBeUndefined()
  })
})
