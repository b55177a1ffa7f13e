// inflateZip against fflate's own reading of the same archives: a made zip with stored, deflated and
// empty entries and folders, a damaged one, and (when ../shared is beside the project) numpy's real wheel.
import { readFileSync } from 'node:fs'
import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { reportMissing, sharedWheels } from '../../e2e/servers/pyodide-mirror'
import { inflateZip } from './inflate'

// Byte for byte, fast: vitest's deep equality walks a typed array element by element.
const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  !!a && !!b && Buffer.from(a).equals(Buffer.from(b))

const text = (s: string) => new TextEncoder().encode(s)
const made = zipSync({
  'pkg/__init__.py': [text('x = 1\n'.repeat(500)), { level: 6 }],
  'pkg/_core.so': [new Uint8Array(70_000).map((_, i) => (i * 7) % 251), { level: 9 }],
  'pkg/stored.txt': [text('kept as is'), { level: 0 }],
  'pkg/empty.txt': [new Uint8Array(0), { level: 6 }],
  'pkg/sub/': [new Uint8Array(0), { level: 0 }],
})

describe('inflateZip', () => {
  for (const native of [true, false])
    it(`gives every file's bytes as fflate reads them (${native ? 'DecompressionStream' : 'fflate inflate'})`, async () => {
      const got = await inflateZip(made, undefined, native)
      const want = Object.entries(unzipSync(made)).filter(([p]) => !p.endsWith('/'))
      expect([...got.keys()].sort()).toEqual(want.map(([p]) => p).sort())
      for (const [p, bytes] of want) expect(same(got.get(p), bytes), p).toBe(true)
    })

  it('keeps only what the filter accepts', async () => {
    const got = await inflateZip(made, (p) => p.endsWith('.so'))
    expect([...got.keys()]).toEqual(['pkg/_core.so'])
  })

  it('rejects a damaged entry, naming it', async () => {
    const bad = made.slice()
    // Overwrite the middle of the deflated .so entry's data with garbage.
    const at = bad.findIndex((_, i) => new TextDecoder().decode(bad.subarray(i, i + 12)) === 'pkg/_core.so') + 40
    bad.fill(0xff, at, at + 2000)
    await expect(inflateZip(bad)).rejects.toThrow(/pkg\/_core\.so/)
  })

  const shared = sharedWheels()
  if (!shared.ok) reportMissing('inflate.test.ts (numpy wheel)', shared.reason)
  it.skipIf(!shared.ok)("numpy's real wheel: every file, byte for byte", async () => {
    if (!shared.ok) return
    const numpy = shared.wheels.find((w) => w.key === 'numpy')
    if (!numpy) throw new Error('no numpy wheel in ../shared/pyodide-wheels')
    const bytes = new Uint8Array(readFileSync(numpy.path))
    const got = await inflateZip(bytes)
    const want = unzipSync(bytes)
    expect(got.size).toBe(Object.keys(want).filter((p) => !p.endsWith('/')).length)
    for (const [p, b] of got) expect(same(b, want[p]), p).toBe(true)
  })
})
