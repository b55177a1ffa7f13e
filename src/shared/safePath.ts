// One check for "does this relative path stay inside its folder", used wherever a name from
// someone else becomes a file: wheel entries (zip-slip), repository files written into the
// kernels' working directories, and names typed in the file panel (with stricter rules on top).
// https://security.snyk.io/research/zip-slip-vulnerability
import { AppError } from './errors'

/** Why a relative path could land outside the folder it is joined to, or null when it cannot. */
export function unsafePathReason(path: string): string | null {
  if (path.includes('\0')) return 'contains a NUL character'
  // A backslash is a separator on Windows (an exported zip is unpacked there too).
  if (/^[/\\]/.test(path) || /^[A-Za-z]:/.test(path)) return 'is an absolute path'
  if (path.split(/[/\\]/).includes('..')) return 'climbs out of its folder with ..'
  return null
}

/** Which rule a typed file or folder name breaks; the file panel words each one. */
export type FileNameRule =
  'empty' | 'empty-part' | 'dots' | 'outside' | 'reserved' | 'too-long' | 'control' | 'inside-itself'

/** Linux's NAME_MAX, in UTF-8 bytes, for one name; a whole path gets a generous cap. */
export const MAX_NAME_BYTES = 255
export const MAX_PATH_BYTES = 1024

// `.git` would clash with the repository's own metadata; the rest are device names on Windows,
// where an exported zip may be unpacked. The kernel's caches (__pycache__…) stay allowed.
const RESERVED = /^(\.git|con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i
// C0 controls and DEL: invisible in the panel and refused by some file systems.
const CONTROL = /[\u0000-\u001f\u007f]/

export class BadFileNameError extends AppError {
  constructor(
    readonly path: string,
    readonly rule: FileNameRule,
    readonly part: string,
  ) {
    super(
      'BAD_FILE_NAME',
      `${JSON.stringify(path)} is not a usable name (${rule}${part ? `: ${JSON.stringify(part)}` : ''})`,
      { path, rule, part },
    )
    this.name = 'BadFileNameError'
  }
}

export class NameTakenError extends AppError {
  constructor(
    readonly path: string,
    readonly isFolder: boolean,
  ) {
    super('NAME_TAKEN', `${path} already exists (${isFolder ? 'a folder' : 'a file'})`, { path, isFolder })
    this.name = 'NameTakenError'
  }
}

const utf8Length = (s: string) => new TextEncoder().encode(s).byteLength

/** The first rule a name typed for a file or folder breaks (with the offending part), or null. */
export function fileNameProblem(path: string): { rule: FileNameRule; part: string } | null {
  if (path === '' || /^\/*$/.test(path)) return { rule: 'empty', part: '' }
  const control = CONTROL.exec(path)
  if (control)
    return { rule: 'control', part: `U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}` }
  if (unsafePathReason(path)) return { rule: 'outside', part: path }
  if (utf8Length(path) > MAX_PATH_BYTES) return { rule: 'too-long', part: '' }
  for (const part of path.split('/')) {
    if (part === '') return { rule: 'empty-part', part }
    if (part === '.' || part === '..') return { rule: 'dots', part }
    if (RESERVED.test(part)) return { rule: 'reserved', part }
    if (utf8Length(part) > MAX_NAME_BYTES) return { rule: 'too-long', part: `${part.slice(0, 20)}…` }
  }
  return null
}

/**
 * A name the user typed, as a path in the repository: surrounding spaces and leading slashes go
 * (people type `/notes.md` meaning the repository's top), then every rule must hold.
 * Throws BadFileNameError naming the rule that failed.
 */
export function checkFileName(typed: string): string {
  const path = typed.trim().replace(/^\/+/, '')
  const problem = fileNameProblem(path)
  if (problem) throw new BadFileNameError(typed, problem.rule, problem.part)
  return path
}
