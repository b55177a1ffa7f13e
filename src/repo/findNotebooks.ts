import type { RepoFile } from './types'

/** Notebook paths in a repository, shallowest first then alphabetical (what a user scans first). */
export function findNotebooks(files: Pick<RepoFile, 'path'>[]): string[] {
  return files
    .map((f) => f.path)
    .filter((p) => p.endsWith('.ipynb') && !p.split('/').some((s) => s.startsWith('.')))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
}
