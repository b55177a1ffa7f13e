// What an R repository asks for, read without running anything.
import type { Reason } from '../verdict'

export type RPackageSource = 'install.R' | 'DESCRIPTION' | 'environment.yml'

export interface RPackageRequest {
  /** CRAN-style name as written (conda's lower-cased `r-` names are mapped back where known). */
  name: string
  /** A version constraint as written, e.g. '>= 1.0.0'; absent for any version. */
  version?: string
  file: string
  line: number
  source: RPackageSource
}

/** runtime.txt `r-<version>-<YYYY-MM-DD>`: an R version and a CRAN snapshot date (MRAN/PPM);
 *  `r-<YYYY-MM-DD>` names no version (repo2docker's default R). */
export interface RVersionRequest {
  version?: string
  date?: string
  file: string
}

export interface REnvSpec {
  packages: RPackageRequest[]
  runtime?: RVersionRequest
  reasons: Reason[]
}

/** Packages every R has (base and its recommended-free core), never installed from a repository. */
export const BASE_R_PACKAGES: ReadonlySet<string> = new Set([
  'R',
  'base',
  'compiler',
  'datasets',
  'graphics',
  'grDevices',
  'grid',
  'methods',
  'parallel',
  'splines',
  'stats',
  'stats4',
  'tcltk',
  'tools',
  'utils',
])
