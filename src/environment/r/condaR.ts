// environment.yml's R side: conda names R packages `r-<name>` (lower-cased) and R itself `r-base`.
// https://conda-forge.org/docs/maintainer/adding_pkgs/#packaging-r-packages
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml'
import type { Reason } from '../verdict'
import type { RPackageRequest } from './types'

// conda lower-cases CRAN names; these common ones are not lower-case on CRAN.
const CRAN_CASE: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'Rcpp',
    'RColorBrewer',
    'RSQLite',
    'DBI',
    'R6',
    'Matrix',
    'MASS',
    'RCurl',
    'XML',
    'RJSONIO',
    'DT',
    'RcppArmadillo',
    'RcppEigen',
    'BH',
  ].map((n) => [n.toLowerCase(), n]),
)

// The kernel and console come with Quire; these conda packages only set up Jupyter's R kernel.
const PROVIDED: ReadonlySet<string> = new Set(['irkernel', 'irdisplay', 'repr', 'essentials', 'recommended'])

const SPEC = /^(?:[^\s:]+::)?r-([a-z0-9._-]+)\s*(?:[=<>!~ ]+\s*([0-9][^\s=]*))?/

export function readCondaR(
  text: string,
  file: string,
): { packages: RPackageRequest[]; rVersion?: string; reasons: Reason[] } {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines })
  const packages: RPackageRequest[] = []
  const reasons: Reason[] = []
  let rVersion: string | undefined
  const deps = isMap(doc.contents) ? doc.contents.get('dependencies', true) : undefined
  if (!isSeq(deps)) return { packages, reasons }
  for (const item of deps.items) {
    if (!isScalar(item) || typeof item.value !== 'string') continue
    const m = SPEC.exec(item.value.trim())
    if (!m) continue
    const line = item.range ? lines.linePos(item.range[0]).line : 1
    const [, conda, version] = m
    if (conda === 'base') {
      rVersion = version
      continue
    }
    if (PROVIDED.has(conda)) continue
    packages.push({
      name: CRAN_CASE[conda] ?? conda,
      ...(version ? { version: `== ${version}` } : {}),
      file,
      line,
      source: 'environment.yml',
    })
  }
  return { packages, ...(rVersion ? { rVersion } : {}), reasons }
}
