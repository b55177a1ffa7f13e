// One requirement: PEP 508 (`name[extras] specifier ; marker`, `name @ url`) plus the forms pip
// also takes on a line (a bare URL, a local path). https://peps.python.org/pep-0508/
// https://pip.pypa.io/en/stable/reference/requirements-file-format/
import { validRange } from '@renovatebot/pep440'
import { BadRequirementError, type SourceLine } from './errors'
import { MarkerSyntaxError, parseMarker } from './markers'
import { NAME_PATTERN, normalizeName } from './names'
import { joinRepoPath } from './repoPath'
import { parseWheelFilename } from './wheelTags'

export interface Requirement {
  name: string // as written (for URLs and paths: the best name we can tell)
  normalized: string // PEP 503
  extras: string[] // normalised (PEP 685)
  specifier: string // e.g. '>=1,<2'; '' for any version
  marker?: string
  url?: string // `name @ url` or a bare URL line
  path?: string // a local file or directory, relative to the repository root
  hashes?: string[] // pip's `--hash=sha256:…` options, as written after `--hash=`
  line: number
  file: string
}

const URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//
const VCS_URL = /^(git|hg|svn|bzr)\+/
const ARCHIVE = /\.(whl|zip|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar)$/i
const CLAUSE = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,;()]+)\s*$/

function fail(where: SourceLine, reason: string, hint: string): never {
  throw new BadRequirementError(where, reason, hint)
}

function checkMarker(marker: string, where: SourceLine): string {
  try {
    parseMarker(marker)
  } catch (err) {
    if (!(err instanceof MarkerSyntaxError)) throw err
    fail(where, err.message, 'Markers look like `; python_version < "3.8"` (PEP 508).')
  }
  return marker
}

/** `>= 1.0 , <2` → `>=1.0,<2`, or a BadRequirementError that says what is wrong. */
function parseSpecifier(text: string, where: SourceLine): string {
  const inner = text.trim().replace(/^\((.*)\)$/, '$1')
  if (inner.trim() === '') return ''
  const clauses = inner.split(',').map((c) => {
    const m = CLAUSE.exec(c)
    if (m) return m[1] + m[2]
    if (/^\s*=[^=]/.test(c))
      fail(where, 'a single "=" is not a version operator', 'Use "==" to pin a version, e.g. numpy==1.26.')
    return fail(where, `cannot read "${c.trim()}" as a version specifier`, 'Write e.g. numpy>=1.20,<2 (PEP 440).')
  })
  const spec = clauses.join(',')
  if (!validRange(spec)) fail(where, `"${spec}" is not a valid PEP 440 specifier`, 'Check the version numbers.')
  return spec
}

function splitExtras(text: string, where: SourceLine): [string, string[]] {
  const m = /^(.*?)\s*\[([^\]]*)\]\s*$/.exec(text)
  if (!m) return [text, []]
  const extras = m[2]
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
  for (const e of extras)
    if (!NAME_PATTERN.test(e) || e.match(NAME_PATTERN)?.[0] !== e)
      fail(where, `bad extra "${e}"`, 'Extras look like name[extra1,extra2].')
  return [m[1], extras.map(normalizeName)]
}

/** The name a URL or path points at: `#egg=`, a wheel's file name, else its last segment. */
function nameOfLocation(location: string): string {
  const egg = /[#&]egg=([^&]+)/.exec(location)
  if (egg) return egg[1]
  const file =
    location
      .replace(/[#?].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() ?? location
  return parseWheelFilename(file)?.name ?? (file || location)
}

function located(
  where: SourceLine,
  location: string,
  extras: string[],
  marker: string | undefined,
  kind: 'url' | 'path',
): Requirement {
  const name = nameOfLocation(location)
  let loc = location
  if (kind === 'path') {
    loc =
      joinRepoPath('', location) ??
      fail(where, 'the path points outside the repository', 'Use a path inside the repository, e.g. ./wheels/x.whl.')
  }
  return {
    name,
    normalized: normalizeName(name),
    extras,
    specifier: '',
    marker,
    [kind]: loc,
    line: where.line,
    file: where.file,
  }
}

/** Parse one requirement (comments and pip options already removed). */
export function parseRequirement(text: string, where: SourceLine): Requirement {
  const trimmed = text.trim()
  // pip splits a URL's marker at "; " so that ';' inside a URL survives; a name's at any ';'.
  const isUrl = URL.test(trimmed) || VCS_URL.test(trimmed)
  const semi = isUrl ? trimmed.search(/\s;/) : trimmed.indexOf(';')
  const head = (semi < 0 ? trimmed : trimmed.slice(0, semi)).trim()
  const markerText = semi < 0 ? undefined : trimmed.slice(semi).replace(/^\s*;/, '').trim()
  const marker = markerText ? checkMarker(markerText, where) : undefined
  if (markerText === '') fail(where, 'empty marker after ";"', 'Remove the ";" or add a marker.')

  if (isUrl) return located(where, head, [], marker, 'url')
  const looksLikePath =
    /^(\.|\/|~)/.test(head) || (head.includes('/') && !head.includes('@') && ARCHIVE.test(splitExtras(head, where)[0]))
  if (looksLikePath) {
    const [path, extras] = splitExtras(head, where)
    return located(where, path, extras, marker, 'path')
  }

  const nameMatch = NAME_PATTERN.exec(head)
  if (!nameMatch) fail(where, 'no package name', 'A line starts with a package name, e.g. numpy>=1.20.')
  const name = nameMatch[0]
  let rest = head.slice(name.length)
  let extras: string[] = []
  const ex = /^\s*\[([^\]]*)\]/.exec(rest)
  if (ex) {
    extras = splitExtras(`x[${ex[1]}]`, where)[1]
    rest = rest.slice(ex[0].length)
  } else if (rest.trimStart().startsWith('[')) fail(where, 'unclosed "["', 'Extras look like name[extra1,extra2].')
  const base = { name, normalized: normalizeName(name), extras, marker, line: where.line, file: where.file }
  const at = /^\s*@\s*(\S+)\s*$/.exec(rest)
  if (at) {
    if (!URL.test(at[1]) && !VCS_URL.test(at[1]))
      fail(where, `"${at[1]}" is not a URL`, 'Write name @ https://…/file.whl.')
    return { ...base, specifier: '', url: at[1] }
  }
  if (/^[^\s~=!<>(]/.test(rest))
    fail(where, `unexpected "${rest.trim()}" after the name`, 'Separate versions with an operator, e.g. numpy==1.26.')
  return { ...base, specifier: parseSpecifier(rest, where) }
}
