// Which files the user's code wrote or deleted under the working directory, so the page can keep
// them with the repository's edits (src/session/kernelSync.ts). The paths a cell touched are
// noted as it runs (write-log.ts), and only those are looked at afterwards: a cell that writes one
// file costs a stat and a read, however many files the folder holds. An index of every file's
// size and mtime (made once, at baseline) names the files under a folder that was removed or
// renamed. Where the FS cannot be wrapped, the whole folder is walked after each cell instead.
import type { FileChanges } from './protocol'
import { closeWriteSink, openWriteSink, takeWrites, type LoggableFs, type WriteSink } from './write-log'

/** The part of Emscripten's FS (pyodide.FS) a scan needs. */
export interface ScanFs {
  readdir(path: string): string[]
  stat(path: string): { mode: number; size: number; mtime: Date | number }
  isDir(mode: number): boolean
  isFile(mode: number): boolean
  readFile(path: string): Uint8Array
  /** Emscripten's FS has both; a walk looks at links without following them (`loop -> .` would never end). */
  lstat?(path: string): ReturnType<ScanFs['stat']>
  isLink?(mode: number): boolean
}

/** Folders that are caches, not the user's files. */
const SKIP_DIRS = new Set(['__pycache__', '.ipynb_checkpoints', '.git'])

/** Files above this size stay in the kernel only: the overlay lives in the browser's storage. */
export const KEEP_LIMIT_BYTES = 10 * 1024 * 1024

/** Path → `size:mtime` and size, of every file under the root (or under one folder of it). */
type Scan = Map<string, { stamp: string; size: number }>

const isLoggable = (fs: object): fs is LoggableFs =>
  typeof Reflect.get(fs, 'cwd') === 'function' && typeof Reflect.get(fs, 'getPath') === 'function'

export class FileWatch {
  private last: Scan = new Map()
  /** Folders seen by a walk: only at those can a removed or replaced path hide indexed files. */
  private readonly folders = new Set<string>()
  private readonly sink: WriteSink | undefined

  constructor(
    private readonly fs: ScanFs,
    private readonly root: string,
    private readonly limit = KEEP_LIMIT_BYTES,
  ) {
    this.sink = isLoggable(fs) ? openWriteSink(fs) : undefined
  }

  /** Takes the files as they are now as the state to compare against (after the page wrote them). */
  baseline(): void {
    this.last = this.walk('')
    if (this.sink && isLoggable(this.fs)) takeWrites(this.fs, this.sink)
  }

  /** What changed since the last call (or baseline); undefined when nothing did. */
  changes(): FileChanges | undefined {
    const touched = this.touched()
    const result: FileChanges = { changed: [], removed: [], tooBig: [] }
    const report = (path: string, size: number) => {
      if (size > this.limit) result.tooBig.push({ path, size })
      else result.changed.push({ path, data: this.fs.readFile(`${this.root}/${path}`) })
    }
    for (const rel of touched) {
      const st = this.statOrNull(rel)
      const now: Scan = st && this.fs.isDir(st.mode) ? this.walk(rel) : new Map()
      if (st && this.fs.isFile(st.mode)) now.set(rel, { stamp: `${st.size}:${Number(st.mtime)}`, size: st.size })
      // Gone: what the index had at this path or under it and is not there now.
      for (const path of this.indexed(rel, st !== null && this.fs.isFile(st.mode))) {
        if (now.has(path)) continue
        this.last.delete(path)
        result.removed.push(path)
      }
      for (const [path, entry] of now) {
        // A file the cell touched is sent even with the same size and mtime (a rewrite within
        // the same millisecond); the page drops bytes it already has.
        if (this.last.get(path)?.stamp !== entry.stamp || path === rel) report(path, entry.size)
        this.last.set(path, entry)
      }
    }
    for (const list of [result.changed, result.removed, result.tooBig])
      list.sort((a, b) => (pathOf(a) < pathOf(b) ? -1 : 1))
    return result.changed.length || result.removed.length || result.tooBig.length ? result : undefined
  }

  /** Stops noting writes (the kernel is going). */
  dispose(): void {
    if (this.sink) closeWriteSink(this.fs, this.sink)
  }

  /** Paths under the root to look at, relative to it, none inside another ('' is the root). */
  private touched(): string[] {
    if (!this.sink || !isLoggable(this.fs)) return ['']
    const prefix = `${this.root}/`
    const rels = new Set<string>()
    for (const abs of takeWrites(this.fs, this.sink)) {
      if (abs === this.root || this.root.startsWith(`${abs}/`)) return [''] // the root itself moved
      if (!abs.startsWith(prefix)) continue
      const rel = abs.slice(prefix.length)
      if (!rel.split('/').some((p) => SKIP_DIRS.has(p))) rels.add(rel)
    }
    // A folder looked at covers what is inside it.
    const hasAncestor = (rel: string) =>
      rel.split('/').some((_, i, parts) => i > 0 && rels.has(parts.slice(0, i).join('/')))
    return [...rels].filter((rel) => !hasAncestor(rel))
  }

  /** Indexed files at `rel` or under it (every file for the root). Scanning the index for a
   *  prefix is needed only where a folder was; a file written where none was costs nothing. */
  private indexed(rel: string, isFile: boolean): string[] {
    if (rel === '') return [...this.last.keys()]
    if (this.last.has(rel) || (isFile && !this.folders.has(rel))) return this.last.has(rel) ? [rel] : []
    return [...this.last.keys()].filter((p) => p.startsWith(`${rel}/`))
  }

  private statOrNull(rel: string): ReturnType<ScanFs['stat']> | null {
    try {
      return this.fs.stat(rel ? `${this.root}/${rel}` : this.root)
    } catch {
      return null // removed (or the root not made yet)
    }
  }

  /** Every file under `rel` (the root when ''), skipping cache folders. */
  private walk(rel: string): Scan {
    const out: Scan = new Map()
    const visit = (dir: string, at: string) => {
      let names: string[]
      try {
        names = this.fs.readdir(dir)
      } catch {
        return // removed (or `root` not made yet): nothing there
      }
      for (const name of names) {
        if (name === '.' || name === '..') continue
        const full = `${dir}/${name}`
        const path = at ? `${at}/${name}` : name
        // One call either way: for anything but a link, lstat is stat.
        const st = this.fs.lstat ? this.fs.lstat(full) : this.fs.stat(full)
        if (this.fs.isLink?.(st.mode)) continue
        if (this.fs.isDir(st.mode)) {
          if (SKIP_DIRS.has(name)) continue
          this.folders.add(path)
          visit(full, path)
        } else if (this.fs.isFile(st.mode)) {
          out.set(path, { stamp: `${st.size}:${Number(st.mtime)}`, size: st.size })
        }
      }
    }
    visit(rel ? `${this.root}/${rel}` : this.root, rel)
    return out
  }
}

const pathOf = (x: string | { path: string }) => (typeof x === 'string' ? x : x.path)
