/** One file of a checked-out repository, path relative to its root. */
export interface RepoFile {
  path: string
  data: Uint8Array
}

export interface RepoSnapshot {
  /** Commit SHA (git) or content hash (demo). */
  sha: string
  files: RepoFile[]
  /** True when read from IndexedDB without downloading the repository. */
  isFromCache: boolean
  /** When the commit was fetched (a stored one's date, shown when the ref could not be checked). */
  fetchedAt?: number
  /** Files that are Git LFS pointers, left out of `files`. */
  lfsPointers?: string[]
  /** A ref's stored commit, opened without asking where the ref points now (checkUpstream does, afterwards). */
  isRefUnchecked?: boolean
}

export type FetchPhase = 'connecting' | 'receiving' | 'resolving' | 'checking-out' | 'reading'

export interface FetchProgress {
  phase: FetchPhase
  /** Objects (receiving, resolving), files (checking out) or bytes (demo copy) so far. */
  loaded: number
  total?: number
  /** Bytes received from the server so far. */
  bytes?: number
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
