import type { QuireConfig } from '../config'
import {
  createHttpFetcher,
  downloadWheel,
  loadPyodideLock,
  parseRequirements,
  resolveEnv,
  sha256Hex,
  type PyodideLock,
} from '../resolve'
import type { WheelRecord } from '../store'

export interface InstallerIo {
  fetch: typeof fetch
  wheels: { get(sha256: string): Promise<WheelRecord | undefined>; put(rec: WheelRecord): Promise<void> }
  /** Packages already in the environment, so `%pip install` does not fetch them again. */
  installed?: ReadonlySet<string>
}

/**
 * `%pip install …` in a notebook, answered by the page with Quire's own resolver: the same index,
 * Pyodide lock and wheel cache as the launch, so it works offline for anything fetched before.
 * Pyodide's own packages are fetched as the wheels they are, from its package base URL.
 */
export function createInstaller(
  config: QuireConfig,
  io: InstallerIo,
): (requirements: string[]) => Promise<Array<{ filename: string; data: Uint8Array }>> {
  const http = createHttpFetcher(io.fetch)
  let lock: Promise<PyodideLock> | undefined
  return async (requirements) => {
    lock ??= http.json(`${config.pyodideIndexUrl}pyodide-lock.json`).then(loadPyodideLock)
    const reqs = parseRequirements(requirements.join('\n'), '%pip install').requirements
    // The site's extra indexes, as pip.conf's would be; a repository's own `--extra-index-url`
    // lines are for its requirements file, which pip in a Binder image would not reread either.
    const extraIndexes = config.extraIndexUrls.map((indexUrl) => ({ indexUrl, indexApi: 'simple' as const }))
    const env = await resolveEnv(reqs, { lock: await lock, index: http, indexUrl: config.pypiUrl, extraIndexes })
    const out: Array<{ filename: string; data: Uint8Array }> = []
    for (const pkg of env.packages) {
      if (io.installed?.has(pkg.name.toLowerCase()) || pkg.source === 'repo') continue
      const lockFile = pkg.source === 'pyodide' ? pkg.filename?.split('/').pop() : undefined
      if (lockFile && !lockFile.toLowerCase().endsWith('.whl')) {
        // A Pyodide archive (a shared library such as libopenblas): the kernel loads it with
        // pyodide.loadPackage by name (kernel-host isPyodideArchive), so its bytes are not fetched twice.
        out.push({ filename: lockFile, data: new Uint8Array(0) })
        continue
      }
      const cached = pkg.sha256 ? await io.wheels.get(pkg.sha256) : undefined
      if (cached) {
        out.push({ filename: cached.filename, data: cached.bytes })
        continue
      }
      const data = await downloadWheel(pkg, { ...http, packageBaseUrl: config.pyodidePackageBaseUrl })
      const filename = pkg.filename?.split('/').pop() ?? `${pkg.name}-${pkg.version}-py3-none-any.whl`
      await io.wheels.put({ sha256: pkg.sha256 ?? (await sha256Hex(data)), filename, bytes: data })
      out.push({ filename, data })
    }
    return out
  }
}
