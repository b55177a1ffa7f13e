import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { buildWheel, buildWheelFromDir } from './wheel.mjs'

const packages = fileURLToPath(new URL('../../e2e/fixtures/packages/', import.meta.url))

/** RECORD rows as [path, hash, size]; our paths hold no commas, so a plain split is enough. */
const recordRows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(','))

describe('buildWheel', () => {
  const files = {
    'quire_hello/__init__.py': 'def hi():\n    return "hi"\n',
    'quire_hello/data.bin': new Uint8Array([0, 1, 2]),
  }
  const wheel = buildWheel({
    name: 'Quire.Hello-World',
    version: '0.1.0',
    files,
    requires: ['a>=1', 'b; python_version>"3"'],
    summary: 'Says hi',
  })
  const zip = unzipSync(wheel.bytes)
  const info = 'quire_hello_world-0.1.0.dist-info'

  it('names the file per PEP 427 with the normalised name', () => {
    expect(wheel.filename).toBe('quire_hello_world-0.1.0-py3-none-any.whl')
    expect(wheel.sha256).toBe(createHash('sha256').update(wheel.bytes).digest('hex'))
  })

  it('writes METADATA and WHEEL', () => {
    expect(strFromU8(zip[`${info}/METADATA`]).split('\n')).toEqual([
      'Metadata-Version: 2.1',
      'Name: Quire.Hello-World',
      'Version: 0.1.0',
      'Summary: Says hi',
      'Requires-Dist: a>=1',
      'Requires-Dist: b; python_version>"3"',
      '',
    ])
    const wheelFile = strFromU8(zip[`${info}/WHEEL`])
    expect(wheelFile).toContain('Wheel-Version: 1.0\n')
    expect(wheelFile).toContain('Root-Is-Purelib: true\n')
    expect(wheelFile).toContain('Tag: py3-none-any\n')
    expect(wheelFile).toMatch(/^Generator: .+$/m)
  })

  it('lists every file in RECORD with a matching hash and size', () => {
    const rows = recordRows(strFromU8(zip[`${info}/RECORD`]))
    expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(zip).sort())
    for (const [path, hash, size] of rows) {
      if (path === `${info}/RECORD`) {
        expect([hash, size]).toEqual(['', ''])
        continue
      }
      const digest = createHash('sha256').update(zip[path]).digest('base64url')
      expect(hash).toBe(`sha256=${digest}`)
      expect(hash).toMatch(/^sha256=[A-Za-z0-9_-]{43}$/) // urlsafe, no padding
      expect(Number(size)).toBe(zip[path].length)
    }
    expect(zip['quire_hello/data.bin']).toEqual(new Uint8Array([0, 1, 2]))
  })

  it('is reproducible: same input, same bytes', () => {
    expect(
      buildWheel({
        name: 'Quire.Hello-World',
        version: '0.1.0',
        files,
        requires: ['a>=1', 'b; python_version>"3"'],
        summary: 'Says hi',
      }).sha256,
    ).toBe(wheel.sha256)
  })

  it('rejects paths that escape site-packages', () => {
    expect(() => buildWheel({ name: 'x', version: '1', files: { '../evil.py': '' } })).toThrow(/bad wheel path/)
  })
})

describe('buildWheelFromDir', () => {
  it('packages a fixture source folder from its pyproject.toml', async () => {
    const wheel = await buildWheelFromDir(`${packages}greetings`)
    expect(wheel.filename).toBe('greetings-0.3.0-py3-none-any.whl')
    const zip = unzipSync(wheel.bytes)
    expect(Object.keys(zip).sort()).toEqual([
      'greetings-0.3.0.dist-info/METADATA',
      'greetings-0.3.0.dist-info/RECORD',
      'greetings-0.3.0.dist-info/WHEEL',
      'greetings/__init__.py',
    ])
    const metadata = strFromU8(zip['greetings-0.3.0.dist-info/METADATA'])
    expect(metadata).toContain('Requires-Dist: tinytable>=1.1\n')
    expect(metadata).toContain('Requires-Python: >=3.8\n')
    expect(strFromU8(zip['greetings/__init__.py'])).toContain('def hello(name)')
  })

  it('leaves out pyproject.toml and README', async () => {
    const zip = unzipSync((await buildWheelFromDir(`${packages}tinytable`)).bytes)
    expect(Object.keys(zip).filter((p) => !p.includes('.dist-info/'))).toEqual(['tinytable/__init__.py'])
    expect(strFromU8(zip['tinytable-1.2.0.dist-info/METADATA'])).not.toContain('Requires-Dist')
  })

  it('strips the src/ prefix of a src layout', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const dir = await mkdtemp(`${tmpdir()}/quire-wheel-`)
    try {
      await mkdir(`${dir}/src/srcpkg`, { recursive: true })
      await writeFile(`${dir}/pyproject.toml`, '[project]\nname = "src-pkg"\nversion = "2.0"\n')
      await writeFile(`${dir}/src/srcpkg/__init__.py`, 'X = 1\n')
      await writeFile(`${dir}/.hidden`, 'no')
      const wheel = await buildWheelFromDir(dir)
      expect(wheel.filename).toBe('src_pkg-2.0-py3-none-any.whl')
      expect(Object.keys(unzipSync(wheel.bytes))).toContain('srcpkg/__init__.py')
      expect(Object.keys(unzipSync(wheel.bytes))).not.toContain('.hidden')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
