// Which snapshot a kernel boots from (issue 18): this environment's own when stored, else the
// baseline (the interpreter alone, made once per browser and Pyodide core), else a plain boot that
// makes the baseline. Only the very first Quire visit in a browser pays a full boot.
import { BASELINE_PREFIX } from '../store'
import { readSnapshot, type SnapshotStorage } from './snapshotStore'

/**
 * The baseline's key: the Pyodide version and the core's URL, so a different core (another mirror,
 * another build under the same version) never restores it. Pyodide's own build-id check stays as a
 * second guard: a refused baseline falls back to a plain boot and is deleted.
 */
export const baselineKey = (pyodideVersion: string, indexURL: string) =>
  `${BASELINE_PREFIX}${pyodideVersion}@${indexURL}`

export const isBaselineKey = (key: string) => key.startsWith(BASELINE_PREFIX)

export type BootChoice =
  | { kind: 'environment' | 'baseline'; key: string; bytes: Uint8Array }
  /** `makeBaseline`: no usable baseline is stored, so the plain boot makes one. */
  | { kind: 'plain'; makeBaseline: boolean }

/**
 * Reads the environment's snapshot (when `envKey` is known) and else the baseline, each sha256-checked;
 * a damaged one is deleted by readSnapshot and said in `log`. Storage failures mean a plain boot.
 */
export async function chooseBoot(
  storage: SnapshotStorage,
  envKey: string | undefined,
  baseKey: string,
  log: (line: string) => void,
): Promise<BootChoice> {
  const read = async (key: string, what: string) => {
    try {
      const found = await readSnapshot(storage, key)
      if (found.kind === 'damaged') log(`quire: kernel ${what} snapshot discarded: ${found.reason}`)
      return found.kind === 'found' ? found.bytes : undefined
    } catch (err) {
      // Storage is an optimisation here: without it Python boots as it would without a snapshot.
      log(`quire: kernel ${what} snapshot not read: ${err instanceof Error ? err.message : String(err)}`)
      return undefined
    }
  }
  const env = envKey === undefined ? undefined : await read(envKey, 'environment')
  if (env && envKey !== undefined) return { kind: 'environment', key: envKey, bytes: env }
  const base = await read(baseKey, 'baseline')
  return base ? { kind: 'baseline', key: baseKey, bytes: base } : { kind: 'plain', makeBaseline: true }
}
