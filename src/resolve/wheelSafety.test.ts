import { strToU8, zipSync } from 'fflate'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { downloadWheel, sha256Hex } from './download'
import { assertSafeWheel, unsafeEntryReason, UnsafeWheelError } from './wheelSafety'

const wheel = (names: string[]) => zipSync(Object.fromEntries(names.map((n) => [n, strToU8('x = 1\n')])))
const ok = ['evil/__init__.py', 'evil-1.0.dist-info/METADATA', 'evil-1.0.dist-info/RECORD']

describe('assertSafeWheel', () => {
  it('passes an ordinary wheel, and bytes that are no zip at all (unpacking reports those)', () => {
    expect(() => assertSafeWheel(wheel(ok), 'evil-1.0-py3-none-any.whl')).not.toThrow()
    expect(() => assertSafeWheel(strToU8('not a zip'), 'x.whl')).not.toThrow()
  })

  it.each([
    ['../escape.py', 'climbs out of its folder with ..'],
    ['evil/../../../home/pyodide/other-repo/notes.ipynb', 'climbs out of its folder with ..'],
    ['evil\\..\\..\\x.py', 'climbs out of its folder with ..'],
    ['/etc/passwd', 'is an absolute path'],
    ['\\windows\\x', 'is an absolute path'],
    ['C:/x.py', 'is an absolute path'],
  ])('refuses a crafted entry %j with UNSAFE_WHEEL', (entry, reason) => {
    const err = (() => {
      try {
        assertSafeWheel(wheel([...ok, entry]), 'evil-1.0-py3-none-any.whl')
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(UnsafeWheelError)
    expect(err).toMatchObject({ code: 'UNSAFE_WHEEL', data: { filename: 'evil-1.0-py3-none-any.whl', entry, reason } })
  })

  it('refuses a zip it cannot list (a lenient reader might still unpack it)', () => {
    const bytes = wheel(ok)
    const cut = bytes.slice(0, bytes.length - 40) // central directory torn, end record kept below
    const torn = new Uint8Array([...cut, ...bytes.slice(bytes.length - 22)])
    expect(() => assertSafeWheel(torn, 'x.whl')).toThrow(UnsafeWheelError)
  })

  it('lets names with dots that stay inside through', () => {
    for (const n of ['a/..b/c', 'a/b../c', '...', 'a/./b', '.hidden']) expect(unsafeEntryReason(n)).toBeNull()
  })

  it('never lets a path with a .. segment or a leading slash through, whatever its shape', () => {
    const seg = fc.oneof(fc.constant('..'), fc.constant('.'), fc.stringMatching(/^[A-Za-z0-9_.-]{1,6}$/))
    fc.assert(
      fc.property(fc.array(seg, { minLength: 1, maxLength: 6 }), fc.boolean(), (segs, isAbsolute) => {
        const name = `${isAbsolute ? '/' : ''}${segs.join('/')}`
        const escapes = isAbsolute || segs.includes('..')
        expect(unsafeEntryReason(name) !== null).toBe(escapes)
      }),
    )
  })

  it('runs on every download: a crafted wheel with a matching sha256 is still refused', async () => {
    const bytes = wheel([...ok, '../../escape.py'])
    const pkg = {
      name: 'evil',
      version: '1.0',
      source: 'index' as const,
      url: 'https://f.test/evil-1.0-py3-none-any.whl',
      sha256: await sha256Hex(bytes),
      requestedBy: [],
    }
    await expect(downloadWheel(pkg, { fetchBytes: async () => bytes })).rejects.toMatchObject({
      code: 'UNSAFE_WHEEL',
      data: { entry: '../../escape.py' },
    })
  })
})
