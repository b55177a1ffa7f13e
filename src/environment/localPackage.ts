// setup.py / pyproject.toml at the root: the repository is itself a Python package. repo2docker
// runs `pip install .`; the browser cannot build, but the kernel runs in the repository folder
// with it on sys.path, so a pure-Python package imports from there. Its declared dependencies
// (pyproject's [project].dependencies) are resolved like requirements.txt lines.
import { parse as parseToml, TomlError } from 'smol-toml'
import { BadRequirementError, parseRequirement, type Requirement } from '../resolve'
import type { Reason } from './verdict'

export interface LocalPackage {
  requirements: Requirement[]
  reasons: Reason[]
}

// Build back ends and setup.py calls that compile native code (C, C++, Rust, Fortran).
const NATIVE_BACKENDS = /maturin|scikit_build|mesonpy|setuptools_rust|cmake/
const NATIVE_SETUP = /\bext_modules\b|\bExtension\(|cythonize|\bpybind11\b|setuptools_rust/

const pure = (file: string): Reason => ({
  level: 'note',
  file,
  text: `${file} makes the repository a pure-Python package; it is imported from the repository folder instead of installed.`,
})

export function readSetupPy(text: string, file: string): LocalPackage {
  if (NATIVE_SETUP.test(text))
    return {
      requirements: [],
      reasons: [{ level: 'hub', file, text: `${file} compiles native extensions, which needs a server.` }],
    }
  const reasons: Reason[] = [pure(file)]
  const literal = literalInstallRequires(text, file)
  if (literal) return { requirements: literal, reasons }
  if (/install_requires/.test(text))
    reasons.push({
      level: 'warning',
      file,
      text: `${file} computes install_requires, which Quire cannot read without running it; list them in requirements.txt.`,
    })
  return { requirements: [], reasons }
}

// `install_requires=["a>=1", 'b']` written as a literal list of strings (the common case) is read
// without running setup.py; anything computed (a variable, a file read) is not.
function literalInstallRequires(text: string, file: string): Requirement[] | null {
  const m = /\binstall_requires\s*=\s*\[([^\]]*)\]/.exec(text)
  if (!m) return null
  const body = m[1].replace(/#[^\n]*/g, '')
  const items = body.match(/"[^"\n]*"|'[^'\n]*'/g) ?? []
  if (body.replace(/"[^"\n]*"|'[^'\n]*'/g, '').replace(/[\s,]/g, '') !== '') return null
  const line = text.slice(0, m.index).split('\n').length
  try {
    return items.map((q) => parseRequirement(q.slice(1, -1), { file, line, text: q }))
  } catch (e) {
    if (e instanceof BadRequirementError) return null
    throw e
  }
}

export function readPyproject(text: string, file: string): LocalPackage {
  let toml: Record<string, unknown>
  try {
    toml = parseToml(text)
  } catch (e) {
    const line = e instanceof TomlError ? e.line : 1
    throw new BadRequirementError(
      { file, line, text: text.split(/\r\n|\r|\n/)[line - 1] ?? '' },
      'not valid TOML',
      'Check the quotes and brackets on this line.',
    )
  }
  const build = toml['build-system']
  const backend =
    typeof build === 'object' && build !== null && 'build-backend' in build ? String(build['build-backend']) : ''
  if (NATIVE_BACKENDS.test(backend))
    return {
      requirements: [],
      reasons: [{ level: 'hub', file, text: `${file} builds native code (${backend}), which needs a server.` }],
    }
  const project = toml.project
  const deps =
    typeof project === 'object' && project !== null && 'dependencies' in project && Array.isArray(project.dependencies)
      ? project.dependencies
      : []
  const lines = text.split(/\r\n|\r|\n/)
  const requirements = deps
    .filter((d) => typeof d === 'string')
    .map((d) => {
      const line = lines.findIndex((l) => l.includes(d)) + 1 || 1
      return parseRequirement(d, { file, line, text: d })
    })
  return { requirements, reasons: [pure(file)] }
}
