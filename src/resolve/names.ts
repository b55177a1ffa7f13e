// Package-name rules shared by the parser, the lock and the index.

/** PEP 503 normalisation: runs of `-`, `_`, `.` become one `-`, lower-cased.
 *  https://peps.python.org/pep-0503/#normalized-names */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase()
}

/** PEP 508 name: letters/digits, inner `-_.`. https://peps.python.org/pep-0508/#names */
export const NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/
