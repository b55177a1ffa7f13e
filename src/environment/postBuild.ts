// postBuild is a script run once when a hub builds the image. Commands that only enable or
// install Jupyter extensions change the server's UI, which the browser page replaces; `pip install`
// of named packages is read as requirements and resolved like requirements.txt; anything else
// (downloads, builds, conda installs, file moves) is work the browser cannot redo.
import { BadRequirementError, parseRequirement, type Requirement } from '../resolve'
import type { Reason } from './verdict'

const EXTENSION_ONLY = [
  /^jupyter[\s-](lab|nb|server)extension(\s|$)/, // jupyter labextension install/enable …
  /^jupyter\s+server\s+extension\s/,
  /^jupyter\s+contrib\s+nbextension\s/,
  /^jupyter\s+lab\s+(build|clean)\b/,
  /^(set|exec)\s+-[a-z]+$/, // shell options, e.g. `set -ex`
]

// `pip install …`, `pip3 install …`, `python -m pip install …`; only plain requirement arguments.
const PIP_INSTALL = /^(?:python3?\s+-m\s+)?pip3?\s+install\s+(.+)$/
// Options that change how, not what, pip installs.
const HARMLESS_OPTION = /^(--no-cache(-dir)?|-U|--upgrade|--user|-q|--quiet|--no-deps|--pre|--progress-bar=\S+)$/

/** The requirements of a `pip install` line, or null when it installs from a file, a folder or a URL. */
function pipInstallRequirements(line: string, file: string, lineNo: number): Requirement[] | null {
  const m = PIP_INSTALL.exec(line.replace(/\s+#.*$/, ''))
  if (!m) return null
  const args = m[1].match(/"[^"]*"|'[^']*'|\S+/g) ?? []
  const reqs: Requirement[] = []
  for (const raw of args) {
    const arg = raw.replace(/^(["'])(.*)\1$/, '$2')
    if (HARMLESS_OPTION.test(arg)) continue
    if (arg.startsWith('-') || /[/\\]|^\.|:\/\//.test(arg)) return null // -r file, -e ., a path or URL
    try {
      reqs.push(parseRequirement(arg, { file, line: lineNo, text: line }))
    } catch (e) {
      if (e instanceof BadRequirementError) return null
      throw e
    }
  }
  return reqs.length ? reqs : null
}

export interface PostBuild {
  reason: Reason
  /** What its `pip install` lines ask for, to resolve with the environment's requirements. */
  requirements: Requirement[]
}

export function readPostBuild(script: string, file: string): PostBuild {
  const work: Array<{ line: number; text: string }> = []
  const requirements: Requirement[] = []
  let isExtension = false
  script.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || /^#!/.test(line)) return
    if (EXTENSION_ONLY.some((re) => re.test(line))) {
      isExtension ||= !/^(set|exec)\s/.test(line)
      return
    }
    const reqs = pipInstallRequirements(line, file, i + 1)
    if (reqs) requirements.push(...reqs)
    else work.push({ line: i + 1, text: line })
  })
  if (work.length > 0) {
    const first = work[0]
    const text = `${file} runs setup commands the browser cannot (line ${first.line}: ${first.text}).`
    return { reason: { level: 'hub', file, text }, requirements: [] }
  }
  if (isExtension || requirements.length === 0) {
    const pip = requirements.length ? '; its pip installs are resolved with the other requirements' : ''
    const text = `${file} only sets up Jupyter extensions${pip}; the browser notebook runs without them.`
    return { reason: { level: 'warning', file, text }, requirements }
  }
  const names = requirements.map((r) => r.name).join(', ')
  const text = `${file} only runs pip install (${names}): resolved like requirements.txt.`
  return { reason: { level: 'note', file, text }, requirements }
}
