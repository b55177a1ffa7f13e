// PEP 508 environment markers, evaluated for Pyodide. https://peps.python.org/pep-0508/#environment-markers
// A small recursive-descent parser: marker_or := marker_and ('or' marker_and)*,
// marker_and := marker_atom ('and' marker_atom)*, marker_atom := '(' marker_or ')' | value op value.
import { satisfies, valid, validRange } from '@renovatebot/pep440'
import { normalizeName } from './names'

export interface MarkerEnv {
  python_version: string
  python_full_version: string
  implementation_version: string
  os_name: string
  sys_platform: string
  platform_system: string
  platform_machine: string
  platform_release: string
  platform_version: string
  implementation_name: string
  platform_python_implementation: string
  extra: string
}

/** What `packaging.markers.default_environment()` reports inside Pyodide 314.0.7 (Python 3.14.2,
 *  Emscripten 5.0.3; os.uname() there gives release = the Emscripten version, version '#1'). */
export const PYODIDE_MARKER_ENV: Readonly<MarkerEnv> = Object.freeze({
  python_version: '3.14',
  python_full_version: '3.14.2',
  implementation_version: '3.14.2',
  os_name: 'posix',
  sys_platform: 'emscripten',
  platform_system: 'Emscripten',
  platform_machine: 'wasm32',
  platform_release: '5.0.3',
  platform_version: '#1',
  implementation_name: 'cpython',
  platform_python_implementation: 'CPython',
  extra: '',
})

// Dotted names from PEP 345 that pip still accepts.
const ALIASES: Record<string, keyof MarkerEnv> = {
  'os.name': 'os_name',
  'sys.platform': 'sys_platform',
  'platform.version': 'platform_version',
  'platform.machine': 'platform_machine',
  'platform.python_implementation': 'platform_python_implementation',
  python_implementation: 'platform_python_implementation',
}

export class MarkerSyntaxError extends Error {
  constructor(
    readonly marker: string,
    reason: string,
  ) {
    super(`${reason} in marker "${marker}"`)
    this.name = 'MarkerSyntaxError'
  }
}

type Value = { kind: 'var'; name: keyof MarkerEnv } | { kind: 'str'; text: string }
export type MarkerNode =
  { op: 'and' | 'or'; left: MarkerNode; right: MarkerNode } | { op: 'cmp'; cmp: string; left: Value; right: Value }

const TOKEN =
  /\s*(?:(\(|\))|('[^']*'|"[^"]*")|(===|==|!=|<=|>=|~=|<|>)|(not\s+in\b|in\b|and\b|or\b)|([A-Za-z_][A-Za-z0-9_.]*))/y

function tokenize(marker: string): string[] {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < marker.length) {
    if (/^\s*$/.test(marker.slice(TOKEN.lastIndex))) break
    const start = TOKEN.lastIndex
    const m = TOKEN.exec(marker)
    if (!m) throw new MarkerSyntaxError(marker, `unexpected text at "${marker.slice(start).trim()}"`)
    tokens.push(m[0].trim().replace(/^not\s+in$/, 'not in'))
  }
  return tokens
}

export function parseMarker(marker: string): MarkerNode {
  const tokens = tokenize(marker)
  let i = 0
  const fail = (why: string): never => {
    throw new MarkerSyntaxError(marker, why)
  }
  const value = (): Value => {
    const t = tokens[i++] ?? fail('expected a value')
    if (/^['"]/.test(t)) return { kind: 'str', text: t.slice(1, -1) }
    const name = t in ALIASES ? ALIASES[t] : t
    if (!(name in PYODIDE_MARKER_ENV)) fail(`unknown marker variable "${t}"`)
    return { kind: 'var', name: name as keyof MarkerEnv } // checked just above
  }
  const atom = (): MarkerNode => {
    if (tokens[i] === '(') {
      i++
      const inner = or()
      if (tokens[i++] !== ')') fail('missing ")"')
      return inner
    }
    const left = value()
    const cmp = tokens[i++] ?? fail('expected a comparison')
    if (!/^(===|==|!=|<=|>=|~=|<|>|in|not in)$/.test(cmp)) fail(`"${cmp}" is not a comparison`)
    return { op: 'cmp', cmp, left, right: value() }
  }
  const chain = (op: 'and' | 'or', next: () => MarkerNode) => (): MarkerNode => {
    let node = next()
    while (tokens[i] === op) {
      i++
      node = { op, left: node, right: next() }
    }
    return node
  }
  const and = chain('and', atom)
  const or = chain('or', and)
  const tree = or()
  if (i < tokens.length) fail(`unexpected "${tokens[i]}"`)
  return tree
}

function compare(cmp: string, lhs: string, rhs: string): boolean {
  if (cmp === 'in') return rhs.includes(lhs)
  if (cmp === 'not in') return !rhs.includes(lhs)
  // PEP 508: version operators compare as PEP 440 versions when both sides parse as such
  // (pre-releases included, as packaging does); otherwise as plain strings.
  if (cmp !== '===' && valid(lhs) && validRange(cmp + rhs)) {
    return satisfies(lhs, cmp + rhs, { prereleases: true })
  }
  switch (cmp) {
    case '==':
    case '===':
      return lhs === rhs
    case '!=':
      return lhs !== rhs
    case '<':
      return lhs < rhs
    case '<=':
      return lhs <= rhs
    case '>':
      return lhs > rhs
    case '>=':
      return lhs >= rhs
    default:
      return false // '~=' on non-versions: packaging raises; treat as not holding
  }
}

function evaluateNode(node: MarkerNode, env: MarkerEnv): boolean {
  if (node.op !== 'cmp') {
    return node.op === 'and'
      ? evaluateNode(node.left, env) && evaluateNode(node.right, env)
      : evaluateNode(node.left, env) || evaluateNode(node.right, env)
  }
  const isExtra =
    (node.left.kind === 'var' && node.left.name === 'extra') ||
    (node.right.kind === 'var' && node.right.name === 'extra')
  const read = (v: Value) => {
    const s = v.kind === 'str' ? v.text : env[v.name]
    return isExtra ? normalizeName(s) : s // PEP 685: extras compare normalised
  }
  return compare(node.cmp, read(node.left), read(node.right))
}

/** Does the marker hold in Pyodide (with `vars` overriding, e.g. `{ extra: 'socks' }`)? */
export function evaluateMarker(marker: string, vars: Partial<MarkerEnv> = {}): boolean {
  return evaluateNode(parseMarker(marker), { ...PYODIDE_MARKER_ENV, ...vars })
}
