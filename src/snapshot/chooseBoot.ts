// Which snapshot a kernel boots from (issue 18): this environment's own when stored, else the
// baseline (the interpreter alone, made once per browser and Pyodide core), else a plain boot that
// makes the baseline. Only the very first Quire visit in a browser pays a full boot.
import { BASELINE_PREFIX } from '../store'
import { readSnapshotChecking, type SnapshotStorage } from './snapshotStore'

/**
 * The baseline's key: the Pyodide version and the core's URL, so a different core (another mirror,
 * another build under the same version) never restores it. Pyodide's own build-id check stays as a
 * second guard: a refused baseline falls back to a plain boot and is deleted.
 */
export const baselineKey = (pyodideVersion: string, indexURL: string) =>
  `${BASELINE_PREFIX}${pyodideVersion}@${indexURL}`

export const isBaselineKey = (key: string) => key.startsWith(BASELINE_PREFIX)

export type BootChoice =
  | {
      kind: 'environment' | 'baseline'
      key: string
      bytes: Uint8Array
      /**
       * The sha256 check, still running while the worker starts restoring (it restores the memory only once
       * this says the bytes match): undefined when they match, else why not (the record is then deleted and
       * the launch log says so). Never rejects.
       */
      check: Promise<string | undefined>
    }
  /** `makeBaseline`: no usable baseline is stored, so the plain boot makes one. */
  | { kind: 'plain'; makeBaseline: boolean }

/**
 * Reads the environment's snapshot (when `envKey` is known) and else the baseline; their sha256 checks run on
 * while the worker starts (`check`), and a damaged one is deleted and said in `log` then. Storage failures mean
 * a plain boot.
 */
export async function chooseBoot(
  storage: SnapshotStorage,
  envKey: string | undefined,
  baseKey: string,
  log: (line: string) => void,
): Promise<BootChoice> {
  const read = async (key: string, kind: 'environment' | 'baseline'): Promise<BootChoice | undefined> => {
    try {
      const found = await readSnapshotChecking(storage, key)
      if (found.kind === 'absent') return undefined
      const check = found.check.then(
        (damaged) => {
          if (damaged !== undefined) log(`quire: kernel ${kind} snapshot discarded: ${damaged}`)
          return damaged
        },
        // Unchecked bytes are never restored.
        (err: unknown) => {
          const reason = `its sha256 could not be checked: ${err instanceof Error ? err.message : String(err)}`
          log(`quire: kernel ${kind} snapshot not used: ${reason}`)
          return reason
        },
      )
      return { kind, key, bytes: found.bytes, check }
    } catch (err) {
      // Storage is an optimisation here: without it Python boots as it would without a snapshot.
      log(`quire: kernel ${kind} snapshot not read: ${err instanceof Error ? err.message : String(err)}`)
      return undefined
    }
  }
  const env = envKey === undefined ? undefined : await read(envKey, 'environment')
  return env ?? (await read(baseKey, 'baseline')) ?? { kind: 'plain', makeBaseline: true }
}
