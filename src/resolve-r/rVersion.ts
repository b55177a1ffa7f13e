// R's package versions and the constraints DESCRIPTION files put on them ("pkg (>= 1.0.0)").
// R compares versions as integer sequences split at '.' and '-' (utils::compareVersion), which is
// not PEP 440 and not semver, so it is done here in a few lines.
// https://cran.r-project.org/doc/manuals/r-release/R-exts.html#Package-Dependencies

/** <0, 0, >0 as R's compareVersion; missing parts count as lower ('1.0' < '1.0.1'). */
export function compareRVersions(a: string, b: string): number {
  const pa = a.trim().split(/[.-]/).map(Number)
  const pb = b.trim().split(/[.-]/).map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1
    if (pb[i] === undefined) return 1
    if (pa[i] !== pb[i]) return pa[i] - pb[i]
  }
  return 0
}

const CONSTRAINT = /^(>=|<=|==|!=|>|<|=)\s*([0-9][0-9.-]*)$/

/** Whether `version` meets a constraint as written in DESCRIPTION or conda ('>= 1.0', '== 2.1');
 *  undefined when the constraint cannot be read (it is then not enforced). */
export function satisfiesR(version: string, constraint: string): boolean | undefined {
  const m = CONSTRAINT.exec(constraint.trim())
  if (!m) return undefined
  const c = compareRVersions(version, m[2])
  switch (m[1]) {
    case '>=':
      return c >= 0
    case '<=':
      return c <= 0
    case '>':
      return c > 0
    case '<':
      return c < 0
    case '!=':
      return c !== 0
    default:
      return c === 0
  }
}
