// Which environment files a repository has, with repo2docker's precedence:
// https://repo2docker.readthedocs.io/en/latest/usage/config_files.html#where-to-put-configuration-files
import { ConflictingBinderDirsError } from './errors'

/** Every file name repo2docker acts on (buildpacks in repo2docker/buildpacks/). */
export const ENV_FILE_NAMES = [
  'environment.yml',
  'Pipfile',
  'Pipfile.lock',
  'requirements.txt',
  'setup.py',
  'pyproject.toml',
  'runtime.txt',
  'apt.txt',
  'postBuild',
  'start',
  'install.R',
  'DESCRIPTION',
  'Project.toml',
  'JuliaProject.toml',
  'Manifest.toml',
  'REQUIRE',
  'default.nix',
  'Dockerfile',
] as const

export type EnvFileName = (typeof ENV_FILE_NAMES)[number]

export type ConfigDir = '' | 'binder' | '.binder'

export interface EnvFiles {
  configDir: ConfigDir // '' is the repository root
  /** name → repository-relative path. `environment.yml` names the conda file in either spelling:
   *  its path may end in `environment.yaml`. */
  files: Partial<Record<EnvFileName, string>>
}

// repo2docker's conda buildpack: `for filename in ["environment.yml", "environment.yaml"]`, first found.
const SPELLINGS: Partial<Record<EnvFileName, string[]>> = { 'environment.yml': ['environment.yml', 'environment.yaml'] }

// repo2docker reads these from the root only, and only when there is no binder folder
// (`if not self.binder_dir and os.path.exists(...)` in the python and r buildpacks).
const ROOT_ONLY: ReadonlySet<EnvFileName> = new Set<EnvFileName>(['setup.py', 'pyproject.toml', 'DESCRIPTION'])

const hasDir = (paths: ReadonlySet<string>, dir: string) => [...paths].some((p) => p === dir || p.startsWith(`${dir}/`))

/** `paths`: the repository's files (directories may be listed too), relative to its root. */
export function findEnvFiles(paths: string[]): EnvFiles {
  const clean = new Set(paths.map((p) => p.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '')))
  const hasBinder = hasDir(clean, 'binder')
  const hasDotBinder = hasDir(clean, '.binder')
  if (hasBinder && hasDotBinder) throw new ConflictingBinderDirsError()
  const configDir: ConfigDir = hasBinder ? 'binder' : hasDotBinder ? '.binder' : ''
  const files: EnvFiles['files'] = {}
  for (const name of ENV_FILE_NAMES) {
    if (configDir !== '' && ROOT_ONLY.has(name)) continue
    const path = (SPELLINGS[name] ?? [name])
      .map((n) => (configDir === '' ? n : `${configDir}/${n}`))
      .find((p) => clean.has(p))
    if (path !== undefined) files[name] = path
  }
  return { configDir, files }
}
