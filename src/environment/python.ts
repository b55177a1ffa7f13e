// Which Python an environment asks for, against the one Pyodide runs.
import { satisfies, validRange } from '@renovatebot/pep440'
import { PYODIDE_MARKER_ENV } from '../resolve'
import type { Runtime } from './runtimeTxt'
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

/** runtime.txt (parsed as repo2docker does): `python-X[.Y[.Z]]` → a warning when Pyodide's Python is
 *  not that one; `r-…` → none here (R reads it); a shape repo2docker rejects or another runtime → said. */
export function runtimeTxtReason(rt: Runtime, file: string): Reason | undefined {
  if (!rt.isValid)
    return {
      level: 'warning',
      file,
      text: `${file} says "${rt.line}", which repo2docker refuses ("Invalid runtime.txt": ${rt.why}); write python-3.12 or r-4.4-2025-01-01. The browser ignores it.`,
    }
  if (rt.name === 'python') return rt.version === undefined ? undefined : pythonReason(`==${rt.version}.*`, file)
  if (rt.name === 'r') return undefined
  return {
    level: 'hub',
    file,
    text: `${file} asks for the "${rt.name}" runtime (${rt.line}), which the browser cannot provide.`,
  }
}
