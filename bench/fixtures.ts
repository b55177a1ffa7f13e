import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { buildWheel, type BuiltWheel } from '../scripts/lib/wheel.mjs'

export const WHEEL_COUNT = 10

/** Ten small pure-Python packages, as a typical repository's requirements would pull in. */
export function benchWheels(): BuiltWheel[] {
  return Array.from({ length: WHEEL_COUNT }, (_, i) => {
    const name = `benchpkg${String(i + 1).padStart(2, '0')}`
    const body = Array.from({ length: 40 }, (_, j) => `def f${j}(x):\n    return x * ${j} + ${i}\n`).join('\n')
    return buildWheel({ name, version: '1.0.0', files: { [`${name}/__init__.py`]: `VALUE = ${i + 1}\n${body}` } })
  })
}

function write(root: string, files: Record<string, string | Uint8Array>): string {
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), data)
  }
  return root
}

/** One notebook, one data file, and a requirements.txt naming the ten bench wheels. */
export function launchRepo(): string {
  const names = Array.from({ length: WHEEL_COUNT }, (_, i) => `benchpkg${String(i + 1).padStart(2, '0')}`)
  const source = [
    `import ${names.join(', ')}\n`,
    `total = sum(m.VALUE for m in (${names.join(', ')}))\n`,
    "print('rows', len(open('data.csv').read().splitlines()), 'total', total)",
  ]
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: [{ id: 'bench-1', cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source }],
  }
  const csv = ['x,y', ...Array.from({ length: 500 }, (_, i) => `${i},${(i * 7) % 13}`)].join('\n') + '\n'
  return write(mkdtempSync(join(tmpdir(), 'quire-bench-launch-')), {
    'bench.ipynb': JSON.stringify(nb, null, 1),
    'data.csv': csv,
    'requirements.txt': names.join('\n') + '\n',
  })
}

/** 200 files and about 5 MB, half text and half incompressible bytes, in nested folders. */
export function bigRepo(): string {
  const files: Record<string, string | Uint8Array> = {}
  for (let i = 0; i < 200; i++) {
    const dir = `part${i % 10}/sub${i % 3}`
    files[`${dir}/file${i}.${i % 2 ? 'bin' : 'txt'}`] = i % 2 ? randomBytes(25_000) : `line ${i}\n`.repeat(2_500)
  }
  return write(mkdtempSync(join(tmpdir(), 'quire-bench-big-')), files)
}
