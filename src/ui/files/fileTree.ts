import type { WorkspaceFile } from '../../notebook/workspace'

/** One line of the file panel: a folder (open or folded) or a file, indented by its depth. */
export type TreeRow =
  | { kind: 'folder'; path: string; name: string; depth: number; isOpen: boolean }
  | { kind: 'file'; file: WorkspaceFile; name: string; depth: number }

const parentOf = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/')))
const nameOf = (p: string) => p.slice(p.lastIndexOf('/') + 1)
const byName = (a: string, b: string) => nameOf(a).localeCompare(nameOf(b))

/**
 * The repository as a tree, in the order a file manager shows it: in each folder, its folders
 * first, then its files, each by name. Nothing below a folded folder is listed.
 */
export function treeRows(
  files: readonly WorkspaceFile[],
  folders: readonly string[],
  folded: ReadonlySet<string>,
): TreeRow[] {
  const dirsIn = new Map<string, string[]>()
  const filesIn = new Map<string, WorkspaceFile[]>()
  // In place: the panel re-reads the tree on every save, and a folder may hold thousands of files.
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
    const list = m.get(k)
    if (list) list.push(v)
    else m.set(k, [v])
  }
  for (const d of folders) push(dirsIn, parentOf(d), d)
  for (const f of files) push(filesIn, parentOf(f.path), f)
  const rows: TreeRow[] = []
  const walk = (dir: string, depth: number) => {
    for (const d of (dirsIn.get(dir) ?? []).sort(byName)) {
      const isOpen = !folded.has(d)
      rows.push({ kind: 'folder', path: d, name: nameOf(d), depth, isOpen })
      if (isOpen) walk(d, depth + 1)
    }
    for (const f of (filesIn.get(dir) ?? []).sort((a, b) => byName(a.path, b.path)))
      rows.push({ kind: 'file', file: f, name: nameOf(f.path), depth })
  }
  walk('', 0)
  return rows
}
