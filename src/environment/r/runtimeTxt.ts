// runtime.txt for R: `r-<major.minor>-<YYYY-MM-DD>` (repo2docker's R buildpack), or `r-<version>`.
// The date pins CRAN to a snapshot of that day; webR's repository has only its own current builds,
// so a different R version or any snapshot date is reported as drift.
import type { Reason } from '../verdict'
import type { RVersionRequest } from './types'

const R_RUNTIME = /^r-(\d+(?:\.\d+){0,2})(?:-(\d{4}-\d{2}-\d{2}))?$/

/** undefined when runtime.txt is not an R runtime (e.g. `python-3.10`). */
export function readRuntimeTxt(text: string, file: string): RVersionRequest | undefined {
  const m = R_RUNTIME.exec(text.trim())
  if (!m) return undefined
  return { version: m[1], ...(m[2] ? { date: m[2] } : {}), file }
}

/** Drift between what the repository asks for and the R that webR runs (e.g. '4.6.0'). */
export function rDriftReasons(asked: RVersionRequest, webrR: string): Reason[] {
  const reasons: Reason[] = []
  const parts = asked.version.split('.')
  if (webrR.split('.').slice(0, parts.length).join('.') !== asked.version) {
    reasons.push({
      level: 'warning',
      file: asked.file,
      text: `asks for R ${asked.version}; the browser runs R ${webrR} (webR)`,
    })
  }
  if (asked.date) {
    reasons.push({
      level: 'warning',
      file: asked.file,
      text: `pins CRAN packages as of ${asked.date}; webR's repository has current builds only`,
    })
  }
  return reasons
}
