import type { RepoFile } from './types'

// https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md: a pointer is a small text file whose
// first line is exactly this; the real bytes live on an LFS server a browser cannot reach here.
const LFS_HEADER = 'version https://git-lfs.github.com/spec/v1'
const MAX_POINTER_BYTES = 1024

export function isLfsPointer(data: Uint8Array): boolean {
  if (data.byteLength > MAX_POINTER_BYTES || data.byteLength < LFS_HEADER.length) return false
  const text = new TextDecoder().decode(data)
  return text.startsWith(LFS_HEADER + '\n') && /\noid sha256:[0-9a-f]{64}\n/.test(text)
}

/** Splits a checkout into real files and Git LFS pointer paths (reported, never shown as data). */
export function splitLfsPointers(files: RepoFile[]): { files: RepoFile[]; lfsPointers: string[] } {
  const lfsPointers: string[] = []
  const real = files.filter((f) => (isLfsPointer(f.data) ? (lfsPointers.push(f.path), false) : true))
  return { files: real, lfsPointers }
}
