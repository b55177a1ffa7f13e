import { useCallback, useEffect, useState } from 'preact/hooks'
import type { QuireConfig } from '../../config'
import { hostProbes, isOpaqueBlockedHere, runProbe, type HostProbe, type ProbeResult } from '../../netcheck/hostProbes'

export interface CheckRow extends HostProbe {
  host: string
  /** Undefined while the probe runs. */
  result?: ProbeResult
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** Runs every probe at once and fills rows in as answers come. */
export function useHostChecks(config: QuireConfig | null) {
  const [rows, setRows] = useState<CheckRow[]>([])
  const run = useCallback(() => {
    if (!config) return
    const probes = hostProbes(config)
    setRows(probes.map((p) => ({ ...p, host: hostOf(p.url) })))
    const fetchFn = fetch.bind(globalThis)
    void isOpaqueBlockedHere(globalThis.crossOriginIsolated === true, location.href, fetchFn).then((isBlocked) =>
      probes.forEach(
        (p, i) =>
          void runProbe(p.url, fetchFn, undefined, undefined, isBlocked).then((result) =>
            setRows((rs) => rs.map((r, j) => (j === i ? { ...r, result } : r))),
          ),
      ),
    )
  }, [config])
  useEffect(run, [run])
  return { rows, run }
}
