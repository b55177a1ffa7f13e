// runtime.txt as repo2docker reads it (buildpacks/base.py `runtime`): the whole file, stripped,
// split on '-' into `name-version`, `name-version-yyyy-mm-dd` or `name-yyyy-mm-dd`; any other
// shape stops repo2docker's build with "Invalid runtime.txt". The name picks the buildpack:
// `python` the Python or Pipfile one, `r` (with a date) the R one; another name turns both off.
export type Runtime =
  | { isValid: true; line: string; name: string; version?: string; date?: string }
  | { isValid: false; line: string; why: string }

export function parseRuntimeTxt(text: string): Runtime {
  const line = text.trim()
  const parts = line.split('-')
  if (![2, 4, 5].includes(parts.length) || parts.some((p) => p === ''))
    return { isValid: false, line, why: 'not name-version, name-version-yyyy-mm-dd or name-yyyy-mm-dd' }
  const date = parts.length >= 4 ? parts.slice(-3).join('-') : undefined
  if (date !== undefined && !/^\d\d\d\d-\d\d-\d\d/.test(date))
    return { isValid: false, line, why: `"${date}" is not a yyyy-mm-dd date` }
  return {
    isValid: true,
    line,
    name: parts[0],
    ...(parts.length === 2 || parts.length === 5 ? { version: parts[1] } : {}),
    ...(date !== undefined ? { date } : {}),
  }
}
