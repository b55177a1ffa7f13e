// The pack's static indexes are read back by the same parsers the launch uses (PEP 691 simple
// project pages, webR's PACKAGES), and the downloads are checked before they are written.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sha256Hex, type BytesFetcher } from '../resolve'
import { readSimpleProject } from '../resolve/simpleIndex'
import { readPackagesIndex } from '../resolve-r'
import { buildWheel } from '../../scripts/lib/wheel.mjs'
import { packagesSubset, simpleProjectPage, writeIndexWheels, writeRPackages } from './packIndexes'

const PACKAGES = `Package: greetr
Version: 0.2.0
Depends: R (>= 4.1.0)
NeedsCompilation: no

Package: other
Version: 1.0

Package: shoutr
Version: 1.0.1
Imports: greetr (>= 0.2.0)
NeedsCompilation: no
`

const dirs: string[] = []
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'quire-pack-index-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A BytesFetcher over a map of URL → bytes, which records what was asked. */
function servedBytes(files: Record<string, Uint8Array>): BytesFetcher & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    fetchBytes: async (url: string) => {
      asked.push(url)
      const b = files[url]
      if (!b) throw new Error(`404 ${url}`)
      return b
    },
  }
}

describe('the pack simple index', () => {
  it('is a PEP 691 page the resolver reads, its file URLs relative to the page, under the normalised name', () => {
    const page = simpleProjectPage('Tiny_Table', [
      { filename: 'tiny_table-1.2-py3-none-any.whl', sha256: 'a'.repeat(64) },
      { filename: 'tiny_table-1.1-py3-none-any.whl', sha256: 'b'.repeat(64) },
    ])
    const project = readSimpleProject(page, 'https://school.example/pack/pypi/simple/tiny-table/')
    expect(project?.name).toBe('tiny-table')
    expect(Object.keys(project?.releases ?? {}).sort()).toEqual(['1.1', '1.2'])
    expect(project?.releases['1.2'][0]).toMatchObject({
      url: 'https://school.example/pack/pypi/files/tiny_table-1.2-py3-none-any.whl',
      sha256: 'a'.repeat(64),
    })
  })

  it('writes each wheel once, checked against its sha256, and refuses one whose bytes changed', async () => {
    const w = buildWheel({ name: 'greetings', version: '0.3.0', files: { 'greetings/__init__.py': 'X = 1\n' } })
    const url = `https://files.example/packages/${w.filename}`
    const sha256 = await sha256Hex(w.bytes)
    const out = tempDir()
    const fetcher = servedBytes({ [url]: w.bytes })
    const log = { write: () => true }
    const wheel = { name: 'Greetings', version: '0.3.0', url, sha256 }
    expect(await writeIndexWheels(out, [wheel, wheel], fetcher, log)).toEqual(['greetings'])
    expect(fetcher.asked).toEqual([url])
    expect(new Uint8Array(readFileSync(join(out, 'pypi', 'files', w.filename)))).toEqual(w.bytes)
    const page = JSON.parse(readFileSync(join(out, 'pypi', 'simple', 'greetings', 'index.html'), 'utf8'))
    expect(readSimpleProject(page, 'http://s/pack/pypi/simple/greetings/')?.releases['0.3.0'][0].sha256).toBe(sha256)

    const other = tempDir()
    await expect(
      writeIndexWheels(other, [{ ...wheel, sha256: '0'.repeat(64) }], servedBytes({ [url]: w.bytes }), log),
    ).rejects.toMatchObject({ code: 'CORRUPT_DOWNLOAD' })
    expect(readdirSync(other)).toEqual([])
  })
})

describe('the pack webR repository', () => {
  it('keeps the PACKAGES paragraphs of the packed packages only, verbatim', () => {
    const kept = packagesSubset(PACKAGES, new Set(['shoutr', 'greetr']))
    const index = readPackagesIndex(kept)
    expect([...index.keys()].sort()).toEqual(['greetr', 'shoutr'])
    expect(index.get('greetr')?.needsR).toBe('>= 4.1.0')
    expect(index.get('shoutr')?.needs).toEqual([{ name: 'greetr', constraint: '>= 0.2.0' }])
  })

  it('writes the binaries in the upstream layout with their PACKAGES, and refuses a file that is not gzip', async () => {
    const repoUrl = 'https://repo.example'
    const contrib = `${repoUrl}/bin/emscripten/contrib/4.6`
    const gz = (n: number) => new Uint8Array([0x1f, 0x8b, 8, n])
    const env = {
      repoUrl,
      rVersion: '4.6.0',
      drift: [],
      problems: [],
      packages: [
        { name: 'greetr', version: '0.2.0', filename: 'greetr_0.2.0.tgz', url: `${contrib}/greetr_0.2.0.tgz` },
        { name: 'shoutr', version: '1.0.1', filename: 'shoutr_1.0.1.tgz', url: `${contrib}/shoutr_1.0.1.tgz` },
      ],
    }
    const files = {
      [`${contrib}/PACKAGES`]: new TextEncoder().encode(PACKAGES),
      [`${contrib}/greetr_0.2.0.tgz`]: gz(1),
      [`${contrib}/shoutr_1.0.1.tgz`]: gz(2),
    }
    const out = tempDir()
    expect(await writeRPackages(out, [env, env], servedBytes(files), { write: () => true })).toBe(2)
    const dir = join(out, 'webr-repo', 'bin', 'emscripten', 'contrib', '4.6')
    expect(readdirSync(dir).sort()).toEqual(['PACKAGES', 'greetr_0.2.0.tgz', 'shoutr_1.0.1.tgz'])
    expect([...readPackagesIndex(readFileSync(join(dir, 'PACKAGES'), 'utf8')).keys()].sort()).toEqual([
      'greetr',
      'shoutr',
    ])
    const torn = { ...files, [`${contrib}/greetr_0.2.0.tgz`]: new TextEncoder().encode('<html>blocked</html>') }
    await expect(writeRPackages(tempDir(), [env], servedBytes(torn), { write: () => true })).rejects.toMatchObject({
      code: 'INDEX_UNREACHABLE',
    })
  })
})
