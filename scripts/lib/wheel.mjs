// Builds small pure-Python wheels (PEP 427, tag py3-none-any) in memory, so tests and the local
// PyPI server can serve real installable packages without pip or network. Plain ESM with JSDoc:
// Node scripts run it at install time and the TypeScript tests import it (see wheel.d.mts).
import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { zipSync, strToU8 } from 'fflate'
import { parse as parseToml } from 'smol-toml'

/**
 * @typedef {{ name: string, version: string, files: Record<string, string | Uint8Array>,
 *   requires?: string[], summary?: string, requiresPython?: string }} WheelSpec
 * @typedef {{ filename: string, bytes: Uint8Array, sha256: string }} BuiltWheel
 */

// A fixed timestamp makes the same sources give the same bytes and sha256 on every run
// (zip stores DOS dates, which start in 1980).
const MTIME = new Date(Date.UTC(1980, 1, 1))

/** PEP 503 name normalisation, then PEP 427's `-` → `_` escape for file and folder names. */
export function wheelNamePart(/** @type {string} */ name) {
  return name
    .replace(/[-_.]+/g, '-')
    .toLowerCase()
    .replace(/-/g, '_')
}

/** @param {Uint8Array} bytes */
function sha256(bytes) {
  return createHash('sha256').update(bytes)
}

// RECORD is CSV: quote a field only when it needs it, as Python's csv module does.
const csvField = (/** @type {string} */ s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/**
 * @param {WheelSpec} spec
 * @returns {BuiltWheel}
 */
export function buildWheel({ name, version, files, requires = [], summary = '', requiresPython }) {
  if (!name || !version) throw new Error('buildWheel: name and version are required')
  const stem = `${wheelNamePart(name)}-${version}`
  const distInfo = `${stem}.dist-info`
  const metadata = [
    'Metadata-Version: 2.1',
    `Name: ${name}`,
    `Version: ${version}`,
    `Summary: ${summary.replace(/\s*\n\s*/g, ' ')}`,
    ...(requiresPython ? [`Requires-Python: ${requiresPython}`] : []),
    ...requires.map((r) => `Requires-Dist: ${r}`),
    '',
  ].join('\n')
  const wheel = [
    'Wheel-Version: 1.0',
    'Generator: quire-wheel (0.1.0)',
    'Root-Is-Purelib: true',
    'Tag: py3-none-any',
    '',
  ].join('\n')

  /** @type {Record<string, Uint8Array>} */
  const entries = {}
  for (const [path, body] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    if (path.startsWith('/') || path.split('/').includes('..')) throw new Error(`bad wheel path: ${path}`)
    entries[path] = typeof body === 'string' ? strToU8(body) : body
  }
  entries[`${distInfo}/METADATA`] = strToU8(metadata)
  entries[`${distInfo}/WHEEL`] = strToU8(wheel)

  // PEP 376/427 RECORD: urlsafe base64 sha256 without padding; RECORD lists itself unhashed.
  const recordPath = `${distInfo}/RECORD`
  const lines = Object.entries(entries).map(([path, bytes]) =>
    [csvField(path), `sha256=${sha256(bytes).digest('base64url')}`, String(bytes.length)].join(','),
  )
  lines.push(`${csvField(recordPath)},,`)
  entries[recordPath] = strToU8(lines.join('\n') + '\n')

  /** @type {Record<string, [Uint8Array, { mtime: Date }]>} */
  const zipInput = {}
  for (const [path, bytes] of Object.entries(entries)) zipInput[path] = [bytes, { mtime: MTIME }]
  const bytes = zipSync(zipInput, { level: 6 })
  return { filename: `${stem}-py3-none-any.whl`, bytes, sha256: sha256(bytes).digest('hex') }
}

/** Every file under `dir`, as POSIX paths relative to it, skipping dotfiles and caches. */
async function listFiles(/** @type {string} */ dir) {
  /** @type {string[]} */
  const out = []
  const walk = async (/** @type {string} */ d) => {
    for (const ent of await readdir(d, { withFileTypes: true })) {
      if (ent.name.startsWith('.') || ent.name === '__pycache__') continue
      const full = join(d, ent.name)
      if (ent.isDirectory()) await walk(full)
      else if (ent.isFile()) out.push(relative(dir, full).split(sep).join('/'))
    }
  }
  await walk(dir)
  return out.sort()
}

/** @param {unknown} v */
const isStringArray = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string')

/**
 * Builds a wheel from a source folder with a PEP 621 `pyproject.toml`. With a `src/` folder the
 * src layout is used (its contents become the wheel's root); otherwise every file except
 * pyproject.toml, README* and dotfiles is packaged.
 * @param {string} dir
 * @returns {Promise<BuiltWheel>}
 */
export async function buildWheelFromDir(dir) {
  const toml = parseToml(await readFile(join(dir, 'pyproject.toml'), 'utf8'))
  const project = toml.project
  if (!project || typeof project !== 'object' || Array.isArray(project)) {
    throw new Error(`${dir}/pyproject.toml: no [project] table`)
  }
  const { name, version, description, dependencies } = /** @type {Record<string, unknown>} */ (project)
  const requiresPython = /** @type {Record<string, unknown>} */ (project)['requires-python']
  if (typeof name !== 'string' || typeof version !== 'string') {
    throw new Error(`${dir}/pyproject.toml: [project] needs string name and version`)
  }
  if (dependencies !== undefined && !isStringArray(dependencies)) {
    throw new Error(`${dir}/pyproject.toml: dependencies must be a list of strings`)
  }
  const srcDir = join(dir, 'src')
  const isSrcLayout = await stat(srcDir).then(
    (s) => s.isDirectory(),
    () => false,
  )
  const root = isSrcLayout ? srcDir : dir
  /** @type {Record<string, Uint8Array>} */
  const files = {}
  for (const path of await listFiles(root)) {
    if (!isSrcLayout && (path === 'pyproject.toml' || /^README/i.test(path))) continue
    files[path] = new Uint8Array(await readFile(join(root, path)))
  }
  return buildWheel({
    name,
    version,
    files,
    requires: /** @type {string[] | undefined} */ (dependencies) ?? [],
    summary: typeof description === 'string' ? description : '',
    requiresPython: typeof requiresPython === 'string' ? requiresPython : undefined,
  })
}
