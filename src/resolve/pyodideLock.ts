// pyodide-lock.json, checked once at the edge into typed values.
// Format: https://github.com/pyodide/pyodide-lock (packages keyed by normalised name).
import { AppError } from '../shared/errors'
import { normalizeName } from './names'

export interface LockPackage {
  name: string // as the lock spells it (e.g. 'Jinja2')
  version: string
  fileName: string // relative to Pyodide's package base URL
  sha256: string
  depends: string[] // normalised names (the lock itself mixes spellings: 'prompt_toolkit')
  packageType: string // 'package' | 'shared_library' | …
  imports: string[]
}

export interface PyodideLock {
  info: { python: string; platform: string; arch: string; abiVersion: string }
  packages: Record<string, LockPackage> // keyed by PEP 503 normalised name
}

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x)
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string')

function bad(why: string): never {
  throw new AppError('INTERNAL', `pyodide-lock.json is not valid: ${why}`, { why })
}

function str(o: Obj, key: string, where: string): string {
  const v = o[key]
  return typeof v === 'string' ? v : bad(`${where}.${key} is not a string`)
}

export function loadPyodideLock(json: unknown): PyodideLock {
  if (!isObj(json) || !isObj(json.info) || !isObj(json.packages)) bad('missing info or packages')
  const info = json.info
  const packages: Record<string, LockPackage> = {}
  for (const [key, p] of Object.entries(json.packages)) {
    const where = `packages.${key}`
    if (!isObj(p)) bad(`${where} is not an object`)
    const depends = p.depends ?? []
    const imports = p.imports ?? []
    if (!isStrings(depends) || !isStrings(imports)) bad(`${where}.depends/imports are not string lists`)
    packages[normalizeName(key)] = {
      name: str(p, 'name', where),
      version: str(p, 'version', where),
      fileName: str(p, 'file_name', where),
      sha256: str(p, 'sha256', where),
      depends: depends.map(normalizeName),
      imports,
      packageType: typeof p.package_type === 'string' ? p.package_type : 'package',
    }
  }
  for (const [key, p] of Object.entries(packages)) {
    for (const dep of p.depends) if (!packages[dep]) bad(`${key} depends on ${dep}, which the lock lacks`)
  }
  return {
    info: {
      python: str(info, 'python', 'info'),
      platform: str(info, 'platform', 'info'),
      arch: typeof info.arch === 'string' ? info.arch : 'wasm32',
      abiVersion: typeof info.abi_version === 'string' ? info.abi_version : '',
    },
    packages,
  }
}
