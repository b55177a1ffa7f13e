// Types for wheel.mjs (plain JS so Node scripts can run it without a build step).
export interface WheelSpec {
  name: string
  version: string
  /** Paths relative to site-packages, e.g. `quire_hello/__init__.py`. */
  files: Record<string, string | Uint8Array>
  /** One `Requires-Dist:` line each, PEP 508 strings. */
  requires?: string[]
  summary?: string
  requiresPython?: string
}
export interface BuiltWheel {
  filename: string
  bytes: Uint8Array
  /** Hex sha256 of `bytes`. */
  sha256: string
}
export function wheelNamePart(name: string): string
export function buildWheel(spec: WheelSpec): BuiltWheel
export function buildWheelFromDir(dir: string): Promise<BuiltWheel>
