import { sha256Hex } from '../resolve'

/** What makes two environments the same interpreter state: the packages Pyodide loads and the wheels unpacked. */
export interface EnvContents {
  pyodidePackages: string[]
  wheels: Array<{ filename: string }>
}

/**
 * The environment part of a snapshot's key. Read from a stored EnvRecord before the launch is
 * prepared and from the PreparedLaunch after, so both must give the same digest: names only, in a
 * fixed order. Wheel filenames carry name, version and tags, which is what a lock pins.
 */
export function envDigest(env: EnvContents): Promise<string> {
  const canonical = JSON.stringify({
    pyodide: [...env.pyodidePackages].map((n) => n.toLowerCase()).sort(),
    wheels: env.wheels.map((w) => w.filename).sort(),
  })
  return sha256Hex(new TextEncoder().encode(canonical))
}

/**
 * SnapshotRecord.key: a snapshot only loads into the Pyodide build and environment that made it; the
 * core's URL is part of it, as in the baseline's key, so another mirror's core never restores it.
 */
export const snapshotKey = (digest: string, pyodideVersion: string, indexURL: string) =>
  `${digest}@${pyodideVersion}@${indexURL}`
