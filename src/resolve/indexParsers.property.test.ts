// Issue 10: what a package index sends is untrusted. PyPI JSON, PEP 691 JSON and core metadata
// (a `.metadata` file or a wheel's METADATA) of any shape are read into typed values or refused
// with a coded error; nothing else is thrown.
import { strToU8, zipSync } from 'fflate'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { parseCoreMetadata, wheelMetadata } from './coreMetadata'
import { chooseRelease, readIndexProject } from './indexProject'
import { readSimpleProject } from './simpleIndex'

function parsesOrCoded<T>(parse: () => T): T | undefined {
  try {
    return parse()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return undefined
  }
}

const file = fc.record(
  {
    filename: fc.oneof(
      fc.constantFrom(
        'x-1.0-py3-none-any.whl',
        'x-2.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl',
        'x-1.0.tar.gz',
        'x-1.0-cp312-cp312-manylinux.whl',
        '../x.whl',
      ),
      fc.string(),
      fc.anything(),
    ),
    url: fc.oneof(
      fc.constantFrom('https://f.test/x.whl', 'x.whl', '../../x.whl', 'javascript:alert(1)', '::'),
      fc.string(),
      fc.anything(),
    ),
    hashes: fc.oneof(fc.record({ sha256: fc.string() }), fc.anything()),
    digests: fc.oneof(fc.record({ sha256: fc.string() }), fc.anything()),
    yanked: fc.oneof(fc.boolean(), fc.string(), fc.anything()),
    'requires-python': fc.oneof(fc.constantFrom('>=3.8', '<3', '>=3.6.*', '~~'), fc.anything()),
    requires_python: fc.oneof(fc.constantFrom('>=3.8', '<3', '>=3.6.*', '~~'), fc.anything()),
    'core-metadata': fc.oneof(fc.boolean(), fc.record({ sha256: fc.string() }), fc.anything()),
  },
  { requiredKeys: [] },
)

describe('index answers of any shape (property)', () => {
  it('PyPI JSON: a typed project or null, and choosing a release never throws', () => {
    const answer = fc.oneof(
      fc.anything(),
      fc.record(
        {
          info: fc.oneof(
            fc.record({
              name: fc.string(),
              version: fc.string(),
              requires_dist: fc.oneof(fc.array(fc.anything()), fc.anything()),
            }),
            fc.anything(),
          ),
          releases: fc.oneof(
            fc.dictionary(fc.constantFrom('1.0', '2.0', 'x', '1.0rc1'), fc.oneof(fc.array(file), fc.anything())),
            fc.anything(),
          ),
        },
        { requiredKeys: [] },
      ),
    )
    fc.assert(
      fc.property(answer, fc.constantFrom('', '>=1', '==1.0', '===2.0', '<2,>=1', '!=1.0'), (json, spec) => {
        const p = readIndexProject(json)
        if (!p) return
        for (const r of p.requiresDist ?? []) expect(typeof r).toBe('string')
        for (const files of Object.values(p.releases)) for (const f of files) expect(f.url).toMatch(/^https?:\/\//i)
        chooseRelease(p, spec)
      }),
      { numRuns: 1500 },
    )
  })

  it('PEP 691 JSON: a typed project with absolute URLs or null', () => {
    const answer = fc.oneof(
      fc.anything(),
      fc.record(
        {
          meta: fc.oneof(fc.record({ 'api-version': fc.string() }), fc.anything()),
          name: fc.oneof(fc.string(), fc.anything()),
          files: fc.oneof(fc.array(file, { maxLength: 6 }), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    )
    fc.assert(
      fc.property(answer, (json) => {
        const p = readSimpleProject(json, 'https://i.test/simple/x/')
        if (!p) return
        for (const files of Object.values(p.releases))
          for (const f of files) expect(new URL(f.url).protocol).toMatch(/^https?:$/)
        chooseRelease(p, '')
      }),
      { numRuns: 1500 },
    )
  })

  it('core metadata: parsed or INDEX_UNREACHABLE, as text and inside any zip', () => {
    const tokens = [
      'Metadata-Version: 2.1\n',
      'Name: x\n',
      'Version: 1.0\n',
      'Requires-Dist: y>=1\n',
      'Requires-Dist: z; extra == "a"\n',
      '        continued\n',
      'Requires-Python: >=3.8\n',
      '\n',
      ':',
      ' ',
      '\r\n',
      'Description: ',
      'Name:',
      'Version:',
    ]
    const texts = fc.oneof(
      fc
        .array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 5 })), { maxLength: 30 })
        .map((p) => p.join('')),
      fc.string(),
    )
    fc.assert(
      fc.property(texts, (text) => {
        const m = parsesOrCoded(() => parseCoreMetadata(text, 'x.whl.metadata'))
        if (m) {
          expect(m.name).not.toBe('')
          expect(m.version).not.toBe('')
        }
      }),
      { numRuns: 2000 },
    )
    const entries = fc.dictionary(
      fc.oneof(
        fc.constantFrom('x-1.0.dist-info/METADATA', 'x/__init__.py', 'METADATA', 'a/b/METADATA'),
        fc.string({ minLength: 1, maxLength: 8 }),
      ),
      texts,
      { maxKeys: 4 },
    )
    fc.assert(
      fc.property(
        fc.oneof(
          entries.map((e) => zipSync(Object.fromEntries(Object.entries(e).map(([k, v]) => [k, strToU8(v)])))),
          fc.uint8Array({ maxLength: 300 }),
        ),
        (bytes) => {
          parsesOrCoded(() => wheelMetadata(bytes, 'x.whl'))
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('refuses a METADATA file too large to be real, without reading it', () => {
    expect(() =>
      parseCoreMetadata(`Name: x\nVersion: 1\n${'Requires-Dist: y\n'.repeat(300_000)}`, 'x.metadata'),
    ).toThrow(expect.objectContaining({ code: 'INDEX_UNREACHABLE' }))
  })
})
