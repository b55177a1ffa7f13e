import { useEffect, useMemo } from 'preact/hooks'
import type { EnvRecord } from '../store'

/**
 * "Download lock": the resolved environment as a pyodide-lock.json (src/prepare/lockFile.ts), to
 * reuse with `loadPyodide({ lockFileURL })`, diff between commits or keep with a paper.
 */
export function LockDownload({ lock }: { lock: NonNullable<EnvRecord['lock']> }) {
  // A blob URL made once per lock, not on every render, and released with the component.
  const href = useMemo(
    () => URL.createObjectURL(new Blob([`${JSON.stringify(lock, null, 2)}\n`], { type: 'application/json' })),
    [lock],
  )
  useEffect(() => () => URL.revokeObjectURL(href), [href])
  const count = Object.keys(lock.packages).length
  return (
    <a
      class="q-lock-download"
      href={href}
      download="pyodide-lock.json"
      title={`The resolved environment (${count} package${count === 1 ? '' : 's'}, each with its version, URL and sha256) as pyodide-lock.json`}
    >
      Download lock (pyodide-lock.json)
    </a>
  )
}
