// install.R, read statically: the package names of its install.packages(...) calls. The script is
// never run (it is arbitrary R); calls we cannot read, and installs from elsewhere, become reasons.
import type { Reason } from '../verdict'
import type { RPackageRequest } from './types'

/** Drops `#` comments, keeping `#` inside strings; keeps line breaks so offsets map to lines. */
function stripComments(text: string): string {
  let out = ''
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      out += c
      if (c === '\\') out += text[++i] ?? ''
      else if (c === quote) quote = undefined
    } else if (c === '"' || c === "'") {
      quote = c
      out += c
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++
      out += '\n'
    } else out += c
  }
  return out
}

/** The text between the `(` at `open` and its matching `)`, ignoring parentheses in strings. */
function callArgs(text: string, open: number): string {
  let depth = 0
  let quote: string | undefined
  for (let i = open; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = undefined
    } else if (c === '"' || c === "'") quote = c
    else if (c === '(') depth++
    else if (c === ')' && --depth === 0) return text.slice(open + 1, i)
  }
  return text.slice(open + 1)
}

/** The package argument: the first unnamed argument, or `pkgs =`. */
function packageArg(args: string): string {
  const named = /(?:^|,)\s*pkgs\s*=\s*/.exec(args)
  const start = named ? named.index + named[0].length : 0
  let depth = 0
  let quote: string | undefined
  for (let i = start; i < args.length; i++) {
    const c = args[i]
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = undefined
    } else if (c === '"' || c === "'") quote = c
    else if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === ',' && depth === 0) return args.slice(start, i).trim()
  }
  return args.slice(start).trim()
}

const STRING = /^(["'])([^"'\\]+)\1$/

/** `"pkg"` or `c("a", 'b')` → names; anything else (a variable, a paste0) → undefined. */
function literalNames(arg: string): string[] | undefined {
  const one = STRING.exec(arg)
  if (one) return [one[2]]
  const vec = /^c\(([\s\S]*)\)$/.exec(arg)
  if (!vec) return undefined
  const items = vec[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const names = items.map((s) => STRING.exec(s)?.[2])
  return names.every((n): n is string => n !== undefined) ? names : undefined
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length

// Installs from outside a CRAN-like repository: webR's repository cannot stand in for them.
const ELSEWHERE =
  /\b(?:remotes|devtools|pak|BiocManager|githubinstall)\s*::\s*(install_github|install_gitlab|install_url|install_git|install|pkg_install)\s*\(/g

export function readInstallR(text: string, file: string): { packages: RPackageRequest[]; reasons: Reason[] } {
  const code = stripComments(text)
  const packages: RPackageRequest[] = []
  const reasons: Reason[] = []
  for (const m of code.matchAll(/\binstall\.packages\s*\(/g)) {
    const line = lineAt(code, m.index)
    const arg = packageArg(callArgs(code, m.index + m[0].length - 1))
    const names = literalNames(arg)
    if (!names) {
      reasons.push({
        level: 'warning',
        file,
        text: `line ${line}: install.packages(${arg}) names its packages in code Quire does not run`,
      })
      continue
    }
    for (const name of names) packages.push({ name, file, line, source: 'install.R' })
  }
  for (const m of code.matchAll(ELSEWHERE)) {
    const line = lineAt(code, m.index)
    reasons.push({
      level: 'hub',
      file,
      text: `line ${line}: ${m[0].replace(/\s+/g, '').slice(0, -1)} installs from outside a package repository`,
    })
  }
  for (const m of code.matchAll(/\bsystem2?\s*\(/g)) {
    reasons.push({
      level: 'hub',
      file,
      text: `line ${lineAt(code, m.index)}: runs shell commands (system()), which the browser cannot`,
    })
  }
  return { packages, reasons }
}
