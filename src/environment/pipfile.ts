// Pipfile.lock (JSON) and Pipfile (TOML) → requirements. As pipenv and repo2docker do, the lock
// wins when both exist: its exact pins and hashes. Both groups: repo2docker runs
// `pipenv install --dev` (buildpacks/pipfile/__init__.py), so `[dev-packages]` and the lock's
// `develop` are installed on Binder too. https://pipenv.pypa.io/en/latest/pipfile.html
import { parse as parseToml, TomlError } from 'smol-toml'
import {
  assertConfigSize,
  BadRequirementError,
  dirName,
  joinRepoPath,
  parseRequirement,
  type Requirement,
} from '../resolve'
import { pythonReason } from './python'
import type { Reason } from './verdict'

export interface PipEnv {
  requirements: Requirement[]
  reasons: Reason[]
}

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x)
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s) => typeof s === 'string') : [])

/** 1-based line of the first line that mentions `name` as a key, for messages. */
/** Line of each key's first `name =` / `"name":`, found in one pass (a search per key was
 *  quadratic: seconds for a large lock file). */
function keyLines(text: string): (name: string) => number {
  const lines = new Map<string, number>()
  text.split(/\r\n|\r|\n/).forEach((l, i) => {
    const m = /^\s*"?([^"\s=:]+)"?\s*[:=]/.exec(l)
    if (m && !lines.has(m[1])) lines.set(m[1], i + 1)
  })
  return (name) => lines.get(name) ?? 1
}

/** One entry of [packages] or of the lock's `default`: a specifier string or a table. */
function entryToRequirement(name: string, entry: unknown, file: string, line: number): Requirement {
  const where = { file, line, text: `${name} = ${JSON.stringify(entry)}` }
  if (typeof entry === 'string') return parseRequirement(`${name}${entry === '*' ? '' : entry}`, where)
  if (!isObj(entry))
    throw new BadRequirementError(
      where,
      'an entry is neither a version nor a table',
      'Write name = "*" or name = {version = "==1.0"}.',
    )
  if (typeof entry.git === 'string') return parseRequirement(`${name} @ git+${entry.git}`, where)
  if (typeof entry.file === 'string') return parseRequirement(`${name} @ ${entry.file}`, where)
  if (typeof entry.path === 'string') {
    // pipenv runs in the Pipfile's folder (repo2docker: `cd {binder_dir}`), so `..` from
    // binder/Pipfile is the repository root; requirements carry repository-relative paths.
    const rel = joinRepoPath(dirName(file), entry.path)
    if (rel === null) return parseRequirement(entry.path.startsWith('.') ? entry.path : `./${entry.path}`, where)
    return parseRequirement(rel === '' ? '.' : `./${rel}`, where)
  }
  const extras = strings(entry.extras)
  const version = typeof entry.version === 'string' && entry.version !== '*' ? entry.version : ''
  const marker = typeof entry.markers === 'string' ? ` ; ${entry.markers}` : ''
  const req = parseRequirement(`${name}${extras.length ? `[${extras.join(',')}]` : ''}${version}${marker}`, where)
  const hashes = strings(entry.hashes).map((h) => h.replace(/^sha256:/, 'sha256:'))
  return hashes.length > 0 ? { ...req, hashes } : req
}

/** The packages of each group in order (default, then dev). Lines are counted from the group's
 *  header (`[dev-packages]`, `"develop":`), so a name in both groups gets each group's line. */
function groupRequirements(text: string, file: string, groups: Array<[unknown, RegExp]>): Requirement[] {
  const lines = text.split(/\r\n|\r|\n/)
  return groups.flatMap(([group, header]) => {
    if (!isObj(group)) return []
    const from = Math.max(
      0,
      lines.findIndex((l) => header.test(l)),
    )
    const keyLine = keyLines(lines.slice(from).join('\n'))
    return Object.entries(group).map(([name, entry]) => entryToRequirement(name, entry, file, from + keyLine(name)))
  })
}

function pythonOf(requires: unknown, file: string): Reason[] {
  if (!isObj(requires)) return []
  const v = requires.python_full_version ?? requires.python_version
  const reason = typeof v === 'string' && /^\d+(\.\d+)*$/.test(v) ? pythonReason(`==${v}.*`, file) : undefined
  return reason ? [reason] : []
}

export function readPipfileLock(text: string, file: string): PipEnv {
  assertConfigSize(text, file)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new BadRequirementError(
      { file, line: 1, text: text.slice(0, 40) },
      `not valid JSON (${e instanceof Error ? e.message : String(e)})`,
      'Regenerate it with `pipenv lock`.',
    )
  }
  if (!isObj(json))
    throw new BadRequirementError({ file, line: 1, text: '' }, 'not a JSON object', 'Regenerate it with `pipenv lock`.')
  const requirements = groupRequirements(text, file, [
    [json.default, /^\s*"default"\s*:/],
    [json.develop, /^\s*"develop"\s*:/],
  ])
  const meta = isObj(json._meta) ? json._meta : {}
  return { requirements, reasons: pythonOf(meta.requires, file) }
}

export function readPipfile(text: string, file: string): PipEnv {
  assertConfigSize(text, file)
  let toml: Obj
  try {
    toml = parseToml(text)
  } catch (e) {
    const line = e instanceof TomlError ? e.line : 1
    throw new BadRequirementError(
      { file, line, text: text.split(/\r\n|\r|\n/)[line - 1] ?? '' },
      'not valid TOML',
      'Check the quotes and brackets on this line.',
    )
  }
  const requirements = groupRequirements(text, file, [
    [toml.packages, /^\s*\[packages\]/],
    [toml['dev-packages'], /^\s*\[dev-packages\]/],
  ])
  return { requirements, reasons: pythonOf(toml.requires, file) }
}
