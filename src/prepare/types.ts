import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import type { RepoFile, RepoLink, UpstreamCheck } from '../repo'
import type { SerializedError } from '../shared/errors'
import type { EnvKind, Verdict } from '../environment'
import type { EnvRecord } from '../store'
import type { EnvReport } from './envReport'

/** One resolved package as the UI shows it; `asked` is set when the pin could not be met (drift). */
export interface LaunchPackage {
  name: string
  version: string
  source: string
  asked?: string
  /** the `--extra-index-url` it came from */ extraIndex?: string
}

/** Everything the notebook view and the kernel need, gathered before Python starts. */
export interface PreparedLaunch {
  spec: LaunchSpec
  sha: string
  files: RepoFile[]
  /** Symbolic links that resolve inside the repository: the kernel makes them beside the files. */
  links?: RepoLink[]
  notebooks: string[]
  /** Wheels to unpack into site-packages, in install order, bytes verified. */
  wheels: Array<{ filename: string; data: Uint8Array }>
  /** Packages Pyodide loads from its own repository (pyodide-lock.json). */
  pyodidePackages: string[]
  /** Their files (dependencies included), fetched and verified in the download phase: the kernel's
   *  `loadPackage` is served these bytes and asks the network for none of them. */
  pyodideFiles?: Array<{ url: string; data: Uint8Array }>
  /** R package binaries (webR's .tgz) the R kernel untars before the first cell, dependencies first. */
  rPackages?: Array<{ name: string; version: string; filename: string; data: Uint8Array }>
  packages: LaunchPackage[]
  /** browser / browser-with-warnings / hub, with the reasons per file and per package. */
  verdict: Verdict
  envKind: EnvKind
  /** The environment in pyodide-lock.json form, for export; undefined when nothing was resolved. */
  lock?: EnvRecord['lock']
  isRepoFromCache: boolean
  isEnvFromCache: boolean
  /** An nbgitpuller link's repository: its files are in `files` under `target/`, its notebooks in `notebooks`. */
  pulled?: { repo: string; target: string; sha: string }
}

export type LaunchPhase = 'fetching' | 'reading-config' | 'resolving' | 'downloading' | 'ready'

export interface LaunchProgress {
  phase: LaunchPhase
  detail?: string
  /** Items done and expected (git objects, files, packages) when the phase counts them. */
  loaded?: number
  total?: number
  /** Bytes received so far, when the phase downloads. */
  bytes?: number
  /** The file being downloaded now, with its bytes so far and its size when the server gave one. */
  file?: { name: string; loaded: number; total?: number }
}

/** `isStrict`: `?strict=1` on the launch link; drift becomes a hub verdict. */
export type PrepareRequest = {
  type: 'prepare'
  spec: LaunchSpec
  config: QuireConfig
  isStrict?: boolean
  /** The e2e quota shim's budget (src/store/quotaShim.ts); a worker cannot read the page's localStorage flag. */
  testQuotaBytes?: number
}

export type PrepareEvent =
  | { type: 'ready' }
  | { type: 'progress'; progress: LaunchProgress }
  /** Sent once resolving ends (or a stored environment is found), before downloads and boot. */
  | { type: 'resolved'; report: EnvReport }
  | { type: 'done'; result: PreparedLaunch }
  /** Last, after `done`: where a reopened ref points now (checked in the background); none when nothing was checked. */
  | { type: 'upstream'; check?: UpstreamCheck }
  | { type: 'failed'; error: SerializedError; phase: LaunchPhase }
