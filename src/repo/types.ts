/** One file of a checked-out repository, path relative to its root. */
export interface RepoFile {
  path: string
  data: Uint8Array
}

export interface RepoSnapshot {
  /** Commit SHA (git) or content hash (demo). */
  sha: string
  files: RepoFile[]
  /** True when read from IndexedDB without touching the network. */
  isFromCache: boolean
}

export type FetchPhase = 'connecting' | 'receiving' | 'resolving' | 'checking-out' | 'reading'

export interface FetchProgress {
  phase: FetchPhase
  loaded: number
  total?: number
}

/** The subset of LightningFS / node:fs promises the repo layer needs (injected, STYLE.md). */
export interface RepoFs {
  promises: {
    readdir(path: string): Promise<string[]>
    readFile(path: string): Promise<Uint8Array | string>
    writeFile(path: string, data: Uint8Array): Promise<void>
    mkdir(path: string): Promise<void>
    stat(path: string): Promise<{ isDirectory(): boolean }>
    unlink(path: string): Promise<void>
    rmdir(path: string): Promise<void>
    lstat(path: string): Promise<unknown>
  }
}
