// The third-party modules a repository's notebooks import (src/environment/undeclaredImports.ts), read
// from the fetched files.
import { findNotebooks, type RepoFile } from '../repo'
import { notebookImports } from '../environment'

export function repoImports(files: RepoFile[]): Map<string, string[]> {
  const decoder = new TextDecoder()
  const byPath = new Map(files.map((f) => [f.path, f]))
  const notebooks = findNotebooks(files).flatMap((path) => {
    const f = byPath.get(path)
    return f ? [{ path, text: decoder.decode(f.data) }] : []
  })
  return notebookImports(
    notebooks,
    files.map((f) => f.path),
  )
}
