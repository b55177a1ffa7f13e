// Repository-relative paths, always with `/`, never leaving the repository.

/** Resolve `.` and `..` in `rel` taken from directory `dir` ('' is the root); null if the result
 *  would leave the repository or `rel` is absolute. */
export function joinRepoPath(dir: string, rel: string): string | null {
  if (rel.startsWith('/') || rel.startsWith('~') || /^[A-Za-z]:[\\/]/.test(rel)) return null
  const out: string[] = []
  for (const part of `${dir}/${rel}`.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (out.length === 0) return null
      out.pop()
    } else out.push(part)
  }
  return out.join('/')
}

/** The directory part of a repository path ('' for a file at the root). */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/')
  return i < 0 ? '' : path.slice(0, i)
}
