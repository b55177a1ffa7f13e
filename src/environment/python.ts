// Which Python an environment asks for, against the one Pyodide runs.
import { satisfies, validRange } from '@renovatebot/pep440'
import { PYODIDE_MARKER_ENV } from '../resolve'
import type { Reason } from './verdict'

const PYODIDE_PYTHON = PYODIDE_MARKER_ENV.python_full_version

/** A warning when `specifier` (PEP 440, e.g. '==3.12.*') excludes Pyodide's Python, else undefined. */
export function pythonReason(specifier: string, file: string): Reason | undefined {
  if (specifier === '' || !validRange(specifier)) return undefined
  if (satisfies(PYODIDE_PYTHON, specifier)) return undefined
  return {
    level: 'warning',
    file,
    pkg: 'python',
    text: `${file} asks for Python ${specifier.replace(/^==/, '').replace(/\.\*$/, '')}; the browser runs Python ${PYODIDE_PYTHON}.`,
  }
}

/** runtime.txt: `python-X.Y[.Z]` → a possible warning; `r-…` → hub; anything else → hub. */
export function runtimeReason(runtime: string, file: string): Reason | undefined {
  const py = /^python-(\d+(?:\.\d+)*)$/.exec(runtime)
  if (py) return pythonReason(`==${py[1]}.*`, file)
  if (/^r-/.test(runtime))
    return { level: 'hub', file, text: `${file} asks for R (${runtime}); the browser runs only Python.` }
  return { level: 'hub', file, text: `${file} asks for "${runtime}", which the browser cannot provide.` }
}
