import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

interface ManifestChunk {
  file: string
  css?: string[]
  imports?: string[]
  dynamicImports?: string[]
  isEntry?: boolean
  isDynamicEntry?: boolean
}
type Manifest = Record<string, ManifestChunk>

/** Files a chunk needs before it runs: itself, its static imports (transitively) and their CSS. */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key]
  if (!chunk || seen.has(chunk.file)) return seen
  seen.add(chunk.file)
  for (const css of chunk.css ?? []) seen.add(css)
  for (const imp of chunk.imports ?? []) closure(manifest, imp, seen)
  return seen
}

function gzipSize(dist: string, files: Iterable<string>): number {
  let total = 0
  for (const f of files) total += gzipSync(readFileSync(join(dist, f)), { level: 9 }).byteLength
  return total
}

/**
 * Initial JS+CSS (gzip) of the launch page (index.html's entry) and of the notebook view (the
 * lazily imported session chunk, beyond what the launch page already loaded).
 */
export function bundleWeights(dist: string): { launchPage: number; notebookView: number } {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Manifest
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith('index.html'))
  const session = Object.keys(manifest).find((k) => manifest[k].isDynamicEntry && /src\/session\/index\.ts$/.test(k))
  if (!entry || !session) throw new Error('manifest lacks the index.html entry or the session chunk')
  const launch = closure(manifest, entry)
  const view = [...closure(manifest, session)].filter((f) => !launch.has(f))
  return { launchPage: gzipSize(dist, launch), notebookView: gzipSize(dist, view) }
}
