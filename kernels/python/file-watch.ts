// Which files the user's code wrote or deleted under the working directory, found by comparing
// sizes and modification times with the previous scan (cheap: no file is read unless it changed),
// so the page can keep them with the repository's edits (src/session/kernelSync.ts).
import type { FileChanges } from './protocol'

/** The part of Emscripten's FS (pyodide.FS) a scan needs. */
export interface ScanFs {
  readdir(path: string): string[]
  stat(path: string): { mode: number; size: number; mtime: Date | number }
  isDir(mode: number): boolean
  isFile(mode: number): boolean
  readFile(path: string): Uint8Array
}

/** Folders that are caches, not the user's files. */
const SKIP_DIRS = new Set(['__pycache__', '.ipynb_checkpoints', '.git'])

/** Files above this size stay in the kernel only: the overlay lives in the browser's storage. */
export const KEEP_LIMIT_BYTES = 10 * 1024 * 1024

/** Path → `size:mtime` and size, of every file under the root. */
type Scan = Map<string, { stamp: string; size: number }>

function scan(fs: ScanFs, root: string): Scan {
  const out: Scan = new Map()
  const walk = (dir: string, rel: string) => {
    let names: string[]
    try {
      names = fs.readdir(dir)
    } catch {
      return // removed (or `root` not made yet): nothing there
    }
    for (const name of names) {
      if (name === '.' || name === '..') continue
      const full = `${dir}/${name}`
      const path = rel ? `${rel}/${name}` : name
      const st = fs.stat(full)
      if (fs.isDir(st.mode)) {
        if (!SKIP_DIRS.has(name)) walk(full, path)
      } else if (fs.isFile(st.mode)) {
        out.set(path, { stamp: `${st.size}:${Number(st.mtime)}`, size: st.size })
      }
    }
  }
  walk(root, '')
  return out
}

export class FileWatch {
  private last: Scan = new Map()

  constructor(private readonly fs: ScanFs, private readonly root: string, private readonly limit = KEEP_LIMIT_BYTES) {}

  /** Takes the files as they are now as the state to compare against (after the page wrote them). */
  baseline(): void {
    this.last = scan(this.fs, this.root)
  }

  /** What changed since the last call (or baseline); undefined when nothing did. */
  changes(): FileChanges | undefined {
    const now = scan(this.fs, this.root)
    const result: FileChanges = { changed: [], removed: [], tooBig: [] }
    for (const [path, { stamp, size }] of now) {
      if (this.last.get(path)?.stamp === stamp) continue
      if (size > this.limit) result.tooBig.push({ path, size })
      else result.changed.push({ path, data: this.fs.readFile(`${this.root}/${path}`) })
    }
    for (const path of this.last.keys()) if (!now.has(path)) result.removed.push(path)
    this.last = now
    return result.changed.length || result.removed.length || result.tooBig.length ? result : undefined
  }
}
