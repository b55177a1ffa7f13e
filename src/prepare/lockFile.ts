// The resolved environment written as a pyodide-lock.json (https://github.com/pyodide/pyodide-lock),
// so it can be exported, diffed and handed to Pyodide (`loadPyodide({ lockFileURL })`) elsewhere.
// Index wheels get absolute `file_name` URLs, which Pyodide accepts; repository wheels keep their
// repository path.
import { normalizeName, type PyodideLock, type ResolvedPackage } from '../resolve'

export interface LockFileJson {
  info: { arch: string; platform: string; python: string; abi_version: string; version: string }
  packages: Record<
    string,
    {
      name: string
      version: string
      file_name: string
      install_dir: 'site'
      sha256: string
      package_type: 'package'
      imports: string[]
      depends: string[]
      source: string
    }
  >
}

/** `packages` as resolved; `depends` is rebuilt from who asked for whom (`requestedBy`). Pyodide's
 *  own packages keep the lock's `imports` (given `lockPackages`), which `loadPackagesFromImports` reads. */
export function toLockFile(
  packages: ResolvedPackage[],
  lock: PyodideLock['info'],
  pyodideVersion: string,
  lockPackages?: PyodideLock['packages'],
): LockFileJson {
  const byLabel = new Map(packages.map((p) => [`${p.name}==${p.version}`, normalizeName(p.name)]))
  const depends = new Map<string, string[]>()
  for (const p of packages) {
    for (const by of p.requestedBy) {
      const parent = byLabel.get(by)
      if (parent) depends.set(parent, [...(depends.get(parent) ?? []), normalizeName(p.name)])
    }
  }
  const out: LockFileJson = {
    info: {
      arch: lock.arch,
      platform: lock.platform,
      python: lock.python,
      abi_version: lock.abiVersion,
      version: pyodideVersion,
    },
    packages: {},
  }
  for (const p of packages) {
    const key = normalizeName(p.name)
    out.packages[key] = {
      name: p.name,
      version: p.version,
      file_name: p.source === 'index' ? (p.url ?? '') : p.source === 'repo' ? (p.path ?? '') : (p.filename ?? ''),
      install_dir: 'site',
      sha256: p.sha256 ?? '',
      package_type: 'package',
      imports: p.source === 'pyodide' ? [...(lockPackages?.[key]?.imports ?? [])] : [],
      depends: [...new Set(depends.get(key) ?? [])].sort(),
      source: p.source,
    }
  }
  return out
}
