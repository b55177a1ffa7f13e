// environment.yml (conda) → Python requirements for Pyodide.
// https://docs.conda.io/projects/conda/en/latest/user-guide/tasks/manage-environments.html#create-env-file-manually
// Channels and the env name are ignored: packages come from Pyodide's lock and the index instead.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import {
  assertConfigSize,
  BadRequirementError,
  normalizeName,
  parseRequirement,
  parseRequirements,
  type Requirement,
  type RequirementOption,
} from '../resolve'
import { CONDA_TO_PYPI, isNonPythonConda, SERVER_ONLY } from './condaNames'
import { pythonReason } from './python'
import type { Reason } from './verdict'

export interface CondaEnv {
  requirements: Requirement[]
  options: RequirementOption[] // from the `pip:` section, `-r` included
  reasons: Reason[]
}

// conda's MatchSpec: `[channel::]name[ =version[=build]]`, `name ==v`, `name >=a,<b`, `name 1.2.*`.
const SPEC = /^(?:[^\s:]+::)?([A-Za-z0-9_.-]+)\s*(.*)$/

/** conda's version part → a PEP 440 specifier ('' for any). `=1.2` and `1.2` are prefix matches. */
function condaVersion(rest: string): string {
  const text = rest.trim()
  if (text === '') return ''
  const fuzzy = /^=?([0-9][^=\s,<>!]*)(?:[=\s].*)?$/.exec(text) // `=1.24`, `=1.24=py_0`, `1.24.*`
  if (fuzzy && !text.startsWith('==')) {
    const v = fuzzy[1].replace(/\.?\*$/, '')
    return `==${v}.*`
  }
  return text.replace(/\s+/g, '').replace(/=[^=,<>!]*[A-Za-z_][^,]*$/, '') // drop a build string
}

function lineOf(node: Node, lines: LineCounter): number {
  return node.range ? lines.linePos(node.range[0]).line : 1
}

function readCondaItem(text: string, file: string, line: number, out: CondaEnv): void {
  const where = { file, line, text }
  const m = SPEC.exec(text.trim())
  if (!m) throw new BadRequirementError(where, 'cannot read this as a conda package', 'Write e.g. "- numpy=1.26".')
  const conda = m[1].toLowerCase()
  const specifier = condaVersion(m[2])
  if (conda === 'python') {
    const reason = pythonReason(specifier, file)
    if (reason) out.reasons.push(reason)
    return
  }
  const nonPython = isNonPythonConda(conda)
  if (nonPython) {
    out.reasons.push({
      level: 'hub',
      file,
      pkg: conda,
      text: `${conda} is ${nonPython}; the browser runs only Python.`,
    })
    return
  }
  const name = CONDA_TO_PYPI[conda] ?? conda
  if (SERVER_ONLY.has(normalizeName(name))) {
    out.reasons.push({
      level: 'note',
      file,
      pkg: name,
      text: `${name} is part of a Jupyter server or a tool outside Python; the browser page stands in for it.`,
    })
    return
  }
  if (name !== conda) out.reasons.push({ level: 'note', file, pkg: name, text: `conda's ${conda} is ${name} on PyPI.` })
  out.requirements.push(parseRequirement(`${name}${specifier}`, where))
}

function readPipItems(node: Node, file: string, lines: LineCounter, out: CondaEnv): void {
  if (!isSeq(node))
    throw new BadRequirementError(
      { file, line: lineOf(node, lines), text: 'pip:' },
      'the pip section is not a list',
      'Write "- pip:" followed by "  - package" lines.',
    )
  for (const item of node.items) {
    const line = isScalar(item) || isMap(item) || isSeq(item) ? lineOf(item, lines) : 1
    if (!isScalar(item) || typeof item.value !== 'string') {
      throw new BadRequirementError(
        { file, line, text: String(item) },
        'a pip entry is not text',
        'Each pip entry is one requirements.txt line.',
      )
    }
    // Each entry is one requirements.txt line (pip reads the section as a requirements file).
    let parsed: ReturnType<typeof parseRequirements>
    try {
      parsed = parseRequirements(item.value, file)
    } catch (e) {
      // Re-point the error from the entry's own line 1 to its line in environment.yml.
      if (e instanceof BadRequirementError) throw new BadRequirementError({ ...e.where, line }, e.reason, e.hint)
      throw e
    }
    out.requirements.push(...parsed.requirements.map((r) => ({ ...r, line })))
    out.options.push(...parsed.options.map((o) => ({ ...o, line })))
  }
}

export function readEnvironmentYml(text: string, file: string): CondaEnv {
  assertConfigSize(text, file)
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false })
  const err = doc.errors[0]
  if (err) {
    const line = err.linePos?.[0].line ?? 1
    throw new BadRequirementError(
      { file, line, text: text.split(/\r\n|\r|\n/)[line - 1] ?? '' },
      `not valid YAML (${err.code})`,
      'Check the indentation and the "- " before each package.',
    )
  }
  const out: CondaEnv = { requirements: [], options: [], reasons: [] }
  const root = doc.contents
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return out
  if (!isMap(root))
    throw new BadRequirementError(
      { file, line: 1, text: '' },
      'the file is not a mapping',
      'environment.yml starts with keys such as "dependencies:".',
    )
  const deps = root.get('dependencies', true)
  if (deps === undefined || deps === null || (isScalar(deps) && deps.value === null)) return out
  if (!isSeq(deps))
    throw new BadRequirementError(
      { file, line: lineOf(deps, lines), text: 'dependencies:' },
      'dependencies is not a list',
      'List packages as "- name" lines.',
    )
  for (const item of deps.items) {
    if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number')) {
      readCondaItem(String(item.value), file, lineOf(item, lines), out)
    } else if (isMap(item) && item.has('pip')) {
      const pip = item.get('pip', true)
      if (isSeq(pip) || isScalar(pip) || isMap(pip)) readPipItems(pip, file, lines, out)
    } else {
      const line = isScalar(item) || isMap(item) || isSeq(item) ? lineOf(item, lines) : 1
      throw new BadRequirementError(
        { file, line, text: String(item) },
        'cannot read this dependency',
        'Entries are "- name=version" or a "- pip:" list.',
      )
    }
  }
  return out
}
