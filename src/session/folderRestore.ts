/**
 * Deleted folders in the local history: a folder deleted whole left each of its files' last
 * versions there, so it is brought back with one click rather than file by file.
 */

/** The parent folders of `path`, outermost first (`a/b/c.py` → `a`, `a/b`). */
function parentsOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1)
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'))
}

/**
 * The folders that held files now gone and no longer exist themselves, outermost only (restoring
 * `a` brings `a/b` back too), sorted.
 */
export function goneFolders(gonePaths: Iterable<string>, isDir: (dir: string) => boolean): string[] {
  const found = new Set<string>()
  for (const path of gonePaths) {
    const outermost = parentsOf(path).find((d) => !isDir(d))
    if (outermost !== undefined) found.add(outermost)
  }
  return [...found].sort((a, b) => a.localeCompare(b))
}

/** The gone files a restore of folder `dir` brings back: everything under it with a kept version. */
export function folderRestorePlan(files: Array<{ path: string; isGone: boolean }>, dir: string): string[] {
  return files
    .filter((f) => f.isGone && f.path.startsWith(`${dir}/`))
    .map((f) => f.path)
    .sort()
}
