import { promises as nodeFs } from 'node:fs'
import { join } from 'node:path'

/**
 * node:fs with every absolute path moved under `root`, so tests run the same code the browser runs
 * on LightningFS (whose paths start at `/`) without touching the real `/repos`.
 */
export function prefixedFs(root: string) {
  const p = (path: string) => join(root, path)
  const f = nodeFs
  // Every method is async so that isomorphic-git, which probes `readFile()` with no path to tell a
  // promise fs from a callback one, sees a rejected promise rather than a synchronous throw.
  return {
    promises: {
      readFile: async (path: string, opts?: unknown) => f.readFile(p(path), opts as undefined),
      writeFile: async (path: string, data: Uint8Array | string, opts?: unknown) => f.writeFile(p(path), data, opts as undefined),
      unlink: async (path: string) => f.unlink(p(path)),
      readdir: async (path: string) => f.readdir(p(path)),
      mkdir: async (path: string) => void (await f.mkdir(p(path))),
      rmdir: async (path: string) => f.rmdir(p(path)),
      stat: async (path: string) => f.stat(p(path)),
      lstat: async (path: string) => f.lstat(p(path)),
      readlink: async (path: string) => f.readlink(p(path)),
      symlink: async (target: string, path: string) => f.symlink(target, p(path)),
      chmod: async (path: string, mode: number) => f.chmod(p(path), mode),
    },
  }
}
