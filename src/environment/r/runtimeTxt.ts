// runtime.txt for R: `r-<version>-<YYYY-MM-DD>` or `r-<YYYY-MM-DD>` (repo2docker's R buildpack
// then picks its default R), or `r-<version>` (which repo2docker's R buildpack does not detect).
// The date pins CRAN to a snapshot of that day; webR's repository has only its own current builds,
// so a different R version or any snapshot date is reported as drift.
import { parseRuntimeTxt } from '../runtimeTxt'
import type { Reason } from '../verdict'
import type { RVersionRequest } from './types'

/** undefined when runtime.txt is not an R runtime (e.g. `python-3.10`). */
export function readRuntimeTxt(text: string, file: string): RVersionRequest | undefined {
  const r = parseRuntimeTxt(text)
  if (!r.isValid || r.name !== 'r' || (r.version !== undefined && !/^\d+(\.\d+){0,2}$/.test(r.version)))
    return undefined
  return { ...(r.version ? { version: r.version } : {}), ...(r.date ? { date: r.date } : {}), file }
}

/** Drift between what the repository asks for and the R that webR runs (e.g. '4.6.0'). */
export function rDriftReasons(asked: RVersionRequest, webrR: string): Reason[] {
  const reasons: Reason[] = []
  const parts = asked.version?.split('.') ?? []
  if (asked.version !== undefined && webrR.split('.').slice(0, parts.length).join('.') !== asked.version) {
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
