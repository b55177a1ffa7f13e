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
  if (/install_requires/.test(text))
    reasons.push({
      level: 'warning',
      file,
      text: `${file} lists install_requires, which Quire does not read; list them in requirements.txt.`,
    })
  return { requirements: [], reasons }
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
