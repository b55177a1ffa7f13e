// pip's requirements-file format: comments, continuations, option lines, requirement lines.
// https://pip.pypa.io/en/stable/reference/requirements-file-format/
// Including files (`-r`) is left to the caller, which knows how to read them (src/environment).
import { BadRequirementError, type SourceLine } from './errors'
import { parseRequirement, type Requirement } from './requirement'
import { assertConfigSize } from './sizeCap'

export type OptionKind =
  'requirement' | 'constraint' | 'index-url' | 'extra-index-url' | 'editable' | 'find-links' | 'other'

/** An option line (or a per-requirement option pip would act on), kept as data. */
export interface RequirementOption {
  kind: OptionKind
  flag: string // as written, e.g. '-r' or '--extra-index-url'
  value: string // '' for flags without a value (e.g. --pre)
  file: string
  line: number
}

export interface RequirementsFile {
  requirements: Requirement[]
  options: RequirementOption[]
}

const KINDS: Record<string, OptionKind> = {
  '-r': 'requirement',
  '--requirement': 'requirement',
  '-c': 'constraint',
  '--constraint': 'constraint',
  '-i': 'index-url',
  '--index-url': 'index-url',
  '--extra-index-url': 'extra-index-url',
  '-e': 'editable',
  '--editable': 'editable',
  '-f': 'find-links',
  '--find-links': 'find-links',
}
const NO_VALUE = new Set(['--no-index', '--pre', '--prefer-binary', '--require-hashes', '--no-deps'])

// pip: '#' starts a comment at the start of a line or after whitespace (so `…#egg=x` survives).
const COMMENT = /(^|\s+)#.*$/

/** Physical lines → logical lines: a trailing backslash joins the next line (not in comments). */
function logicalLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = []
  let pending: { line: number; text: string } | null = null
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const isComment = /^\s*#/.test(raw)
      if (raw.endsWith('\\') && !isComment) {
        pending ??= { line: i + 1, text: '' }
        pending.text += raw.slice(0, -1)
        return
      }
      if (pending) {
        out.push({ line: pending.line, text: pending.text + (isComment ? '' : raw) })
        pending = null
      } else out.push({ line: i + 1, text: raw })
    })
  if (pending) out.push(pending)
  return out
}

/** Split `-rfile`, `--requirement=file`, `-r file` into flag and value. */
function readOption(
  tokens: string[],
  at: number,
  where: SourceLine,
): { option: Omit<RequirementOption, 'file' | 'line'>; next: number } {
  const token = tokens[at]
  let flag = token
  let value: string | undefined
  const eq = token.indexOf('=')
  if (token.startsWith('--') && eq > 0) {
    flag = token.slice(0, eq)
    value = token.slice(eq + 1)
  } else if (!token.startsWith('--') && token.length > 2) {
    flag = token.slice(0, 2)
    value = token.slice(2).replace(/^=/, '')
  }
  let next = at + 1
  if (value === undefined && !NO_VALUE.has(flag)) {
    value = tokens[next]
    next++
    if (value === undefined) {
      throw new BadRequirementError(where, `option ${flag} needs a value`, `Write e.g. ${flag} <value> on one line.`)
    }
  }
  return { option: { kind: KINDS[flag] ?? 'other', flag, value: value ?? '' }, next }
}

/** Parse the text of one requirements file named `file` (repository-relative, for messages). */
export function parseRequirements(text: string, file: string): RequirementsFile {
  assertConfigSize(text, file)
  const result: RequirementsFile = { requirements: [], options: [] }
  for (const { line, text: raw } of logicalLines(text)) {
    const content = raw.replace(COMMENT, '').trim()
    if (content === '') continue
    const where = { file, line, text: content }
    // Requirement words run until the first word that starts with '-' (pip's break_args_options).
    const tokens = content.split(/\s+/)
    let firstOption = tokens.findIndex((t) => t.startsWith('-'))
    if (firstOption < 0) firstOption = tokens.length
    const requirementText = tokens.slice(0, firstOption).join(' ')
    const hashes: string[] = []
    for (let i = firstOption; i < tokens.length;) {
      const { option, next } = readOption(tokens, i, where)
      i = next
      if (option.flag === '--hash') hashes.push(option.value)
      else result.options.push({ ...option, file, line })
    }
    if (requirementText === '') {
      if (hashes.length > 0)
        throw new BadRequirementError(
          where,
          '--hash without a requirement',
          'Put --hash after the requirement it checks.',
        )
      continue
    }
    const req = parseRequirement(requirementText, where)
    result.requirements.push(hashes.length > 0 ? { ...req, hashes } : req)
  }
  return result
}
