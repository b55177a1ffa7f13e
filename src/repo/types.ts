/** One file of a checked-out repository, path relative to its root. */
export interface RepoFile {
  path: string
  data: Uint8Array
}

/** A symbolic link of the repository: where it is and its target text, verbatim. */
export interface RepoLink {
  path: string
  target: string
}

/** What of the repository git holds but Quire could not give the notebooks, for the header. */
export interface RepoGaps {
  /** Git LFS pointers, left out of `files`. */
  lfsPointers?: string[]
  /** Links that point outside the repository, at an absolute path, or at nothing: `path → target`. */
  brokenLinks?: string[]
  /** Submodule paths (from .gitmodules) whose files could not be fetched. */
  missingSubmodules?: string[]
  /**
   * Files that look like symbolic links a route keeping none gave as files holding their target's path (jsDelivr):
   * `path → target`. They stay files; the header names them.
   */
  linksAsFiles?: string[]
}

export interface RepoSnapshot extends RepoGaps {
  /** Commit SHA (git) or content hash (demo). */
  sha: string
  files: RepoFile[]
  /** True when read from IndexedDB without downloading the repository. */
  isFromCache: boolean
  /** When the commit was fetched (a stored one's date, shown when the ref could not be checked). */
  fetchedAt?: number
  /** Links that resolve inside the repository, kept as links (the kernel makes them in its file system). */
  links?: RepoLink[]
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
    readlink(path: string): Promise<string | Uint8Array>
    symlink(target: string, path: string): Promise<void>
  }
}
