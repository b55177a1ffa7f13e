// Fills the generated parts of public/ (gitignored), run by `npm install` and before each build:
// 1. Pyodide's core, copied from node_modules into public/pyodide/<version>/ and served unbundled,
//    because Pyodide loads its files by fixed names relative to indexURL (PLATFORM-NOTES.md).
// 2. webR's runtime, copied likewise into public/webr/<version>/ for the R kernel.
// 3. The built-in demo: its wheel built from scripts/demo-packages/, and a manifest listing the
//    demo's files with a content hash (the demo's "commit"), since a static site has no git server.
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildWheelFromDir } from './lib/wheel.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function copyPyodide() {
  const src = join(root, 'node_modules', 'pyodide')
  const { version } = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'))
  const dest = join(root, 'public', 'pyodide', version)
  const wanted = /^(pyodide\.(mjs|asm\.mjs|asm\.wasm)|python_stdlib\.zip|pyodide-lock\.json|package\.json)$/
  const files = readdirSync(src).filter((f) => wanted.test(f))
  mkdirSync(dest, { recursive: true })
  for (const f of files) cpSync(join(src, f), join(dest, f))
  console.log(`pyodide ${version}: ${files.length} files in public/pyodide/${version}/`)
}

// webR's runtime, served unbundled for the same reason as Pyodide's: webr-worker.js loads R.js,
// R.wasm, the BLAS/LAPACK libraries and base R's file system (vfs/) by fixed names from baseUrl.
// Type declarations, source maps, the REPL app, webR's own tests and its main-thread module (Vite
// bundles that) are not needed here.
function copyWebR() {
  const src = join(root, 'node_modules', 'webr')
  const { version } = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'))
  const dist = join(src, 'dist')
  const dest = join(root, 'public', 'webr', version)
  const skip = /(\.d\.ts|\.map|\.cjs)$|^(repl|tests|webR|webr\.m?js)$/
  mkdirSync(dest, { recursive: true })
  const copied = readdirSync(dist).filter((f) => !skip.test(f))
  for (const f of copied) cpSync(join(dist, f), join(dest, f), { recursive: true })
  console.log(`webr ${version}: ${copied.join(', ')} in public/webr/${version}/`)
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? listFiles(p) : [p]
  })
}

async function prepareDemo(name, packages) {
  const demo = join(root, 'public', 'demo', name)
  mkdirSync(join(demo, 'wheels'), { recursive: true })
  for (const pkg of packages) {
    const wheel = await buildWheelFromDir(join(root, 'scripts', 'demo-packages', pkg))
    writeFileSync(join(demo, 'wheels', wheel.filename), wheel.bytes)
  }
  const files = listFiles(demo)
    .map((p) => relative(demo, p).split(sep).join('/'))
    .filter((p) => p !== 'manifest.json')
    .sort()
  const hash = createHash('sha256')
  for (const f of files)
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(join(demo, f)))
      .update('\0')
  writeFileSync(
    join(demo, 'manifest.json'),
    JSON.stringify({ sha: hash.digest('hex').slice(0, 40), files }, null, 1) + '\n',
  )
  console.log(`demo ${name}: ${files.length} files`)
}

if (!existsSync(join(root, 'node_modules', 'pyodide'))) throw new Error('run npm install first')
copyPyodide()
copyWebR()
await prepareDemo('quire-demo', ['quire-hello'])
