import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { webrRuntimeFiles } from './webrFiles'

// The folder the site serves as webrBaseUrl is a copy of this one (scripts/prepare-public.mjs).
const dist = fileURLToPath(new URL('../../../node_modules/webr/dist/', import.meta.url))

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p) : [relative(dist, p)]
  })
}

describe("webR's runtime files, from its R.js", () => {
  it('names exactly the files of webR’s runtime folder: core, libraries and its whole file system', () => {
    const listed = webrRuntimeFiles(readFileSync(join(dist, 'R.js'), 'utf8'))
    const served = [...['webr-worker.js', 'R.js', 'R.wasm', 'libRblas.so', 'libRlapack.so'], ...walk(join(dist, 'vfs'))]
    expect([...listed].sort()).toEqual([...served].sort())
  })

  it('keeps only relative paths inside the folder', () => {
    const rJs = [
      "loadFile('/etc','a','vfs/etc/a');",
      "loadFile('/etc','b','../../secret');",
      "loadFile('/etc','c','https://elsewhere.example/x');",
      "loadImage('/usr/lib/R/doc','x','vfs/usr/lib/R/doc.data.gz','/usr/lib/R/doc');",
    ].join('\n')
    expect(webrRuntimeFiles(rJs).filter((f) => f.startsWith('vfs/'))).toEqual([
      'vfs/etc/a',
      'vfs/usr/lib/R/doc.data.gz',
      'vfs/usr/lib/R/doc.js.metadata',
    ])
  })
})
