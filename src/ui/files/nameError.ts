import { AppError } from '../../shared/errors'
import { MAX_NAME_BYTES, MAX_PATH_BYTES, type FileNameRule } from '../../shared/safePath'
import { errorText } from '../errorText'

const text = (x: unknown) => (typeof x === 'string' ? x : '')

/** The sentence saying which rule a name broke (BadFileNameError's `rule` and `part`). */
function ruleWords(rule: FileNameRule, part: string): string {
  switch (rule) {
    case 'empty':
      return 'Type a name.'
    case 'empty-part':
      return 'It has an empty part: two slashes together, or a slash at the end.'
    case 'dots':
      return `A part of it is “${part}”, which names a folder, not a new name.`
    case 'outside':
      return 'It would point outside the repository (.. or an absolute path).'
    case 'reserved':
      return `“${part}” is reserved (by git, or as a device name on Windows).`
    case 'too-long':
      return part
        ? `“${part}” is longer than ${MAX_NAME_BYTES} bytes.`
        : `The whole path is longer than ${MAX_PATH_BYTES} bytes.`
    case 'control':
      return `It holds an invisible control character (${part}).`
    case 'inside-itself':
      return `A folder cannot move into itself (${part}).`
  }
}

const RULES: ReadonlySet<string> = new Set<FileNameRule>([
  'empty',
  'empty-part',
  'dots',
  'outside',
  'reserved',
  'too-long',
  'control',
  'inside-itself',
])
const isRule = (x: unknown): x is FileNameRule => typeof x === 'string' && RULES.has(x)

/**
 * What to say beside the name field when a typed name was refused, or null when the error is of
 * another kind (those go to the panel's error line).
 */
export function nameErrorText(err: unknown): string | null {
  if (!(err instanceof AppError)) return null
  if (err.code === 'BAD_FILE_NAME') {
    const { rule, part } = err.data
    return `${errorText(err.code).title}. ${isRule(rule) ? ruleWords(rule, text(part)) : ''}`.trim()
  }
  if (err.code === 'NAME_TAKEN') {
    const what = err.data.isFolder === true ? 'a folder' : 'a file'
    return `${errorText(err.code).title}: ${text(err.data.path)} is ${what}.`
  }
  return null
}
