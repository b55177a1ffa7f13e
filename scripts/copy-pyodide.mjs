// Copies Pyodide's core from node_modules into public/pyodide/<version>/ so Vite serves it
// unbundled: Pyodide loads its files by fixed names relative to indexURL (PLATFORM-NOTES.md).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'node_modules', 'pyodide')
const { version } = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'))
const dest = join(root, 'public', 'pyodide', version)
const files = readdirSync(src).filter((f) =>
  /^(pyodide\.(mjs|asm\.mjs|asm\.wasm)|python_stdlib\.zip|pyodide-lock\.json|package\.json)$/.test(f),
)
mkdirSync(dest, { recursive: true })
for (const f of files) {
  const to = join(dest, f)
  if (!existsSync(to)) cpSync(join(src, f), to)
}
console.log(`pyodide ${version}: ${files.length} files in public/pyodide/${version}/`)
