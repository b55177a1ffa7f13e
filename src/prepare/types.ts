import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import type { RepoFile } from '../repo'
import type { SerializedError } from '../shared/errors'

/** Everything the notebook view and the kernel need, gathered before Python starts. */
export interface PreparedLaunch {
  spec: LaunchSpec
  sha: string
  files: RepoFile[]
  notebooks: string[]
  /** Wheels to unpack into site-packages, in install order, bytes verified. */
  wheels: Array<{ filename: string; data: Uint8Array }>
  /** Packages Pyodide loads from its own repository (pyodide-lock.json). */
  pyodidePackages: string[]
  packages: Array<{ name: string; version: string; source: string }>
  isRepoFromCache: boolean
  isEnvFromCache: boolean
}

export type LaunchPhase = 'fetching' | 'reading-config' | 'resolving' | 'downloading' | 'ready'

export interface LaunchProgress {
  phase: LaunchPhase
  detail?: string
  loaded?: number
  total?: number
}

export type PrepareRequest = { type: 'prepare'; spec: LaunchSpec; config: QuireConfig }

export type PrepareEvent =
  | { type: 'ready' }
  | { type: 'progress'; progress: LaunchProgress }
  | { type: 'done'; result: PreparedLaunch }
  | { type: 'failed'; error: SerializedError; phase: LaunchPhase }
