// Wheel file names (PEP 427) and the tags Pyodide 314 can install (PEP 425, PEP 783).
// https://packaging.python.org/en/latest/specifications/binary-distribution-format/#file-name-convention
import { normalizeName } from './names'

export const PYODIDE_PLATFORM = 'pyemscripten_2026_0_wasm32'

export interface WheelName {
  name: string // normalised (PEP 503)
  version: string
  build?: string
  /** Every python-abi-platform combination the (possibly compressed) tag set expands to. */
  tags: string[]
}

/** `{dist}-{version}(-{build})?-{py}-{abi}-{plat}.whl`; each tag may be a `.`-joined set. */
export function parseWheelFilename(filename: string): WheelName | null {
  const base = filename.split('/').pop() ?? filename
  if (!base.endsWith('.whl')) return null
  const parts = base.slice(0, -4).split('-')
  if (parts.length !== 5 && parts.length !== 6) return null
  const [name, version] = parts
  const [py, abi, plat] = parts.slice(-3)
  if (!name || !version || !py || !abi || !plat) return null
  const tags: string[] = []
  for (const p of py.split('.'))
    for (const a of abi.split('.'))
      for (const pl of plat.split('.')) {
        tags.push(`${p}-${a}-${pl}`)
      }
  return { name: normalizeName(name), version, build: parts.length === 6 ? parts[2] : undefined, tags }
}

/** What packaging.tags.sys_tags() yields for CPython 3.14 on this platform, best first. */
function supportedTags(): string[] {
  const minors = Array.from({ length: 15 }, (_, i) => 14 - i) // 14 … 0
  const plat = PYODIDE_PLATFORM
  return [
    `cp314-cp314-${plat}`,
    `cp314-abi3-${plat}`,
    `cp314-none-${plat}`,
    ...minors
      .slice(1)
      .filter((m) => m >= 2)
      .map((m) => `cp3${m}-abi3-${plat}`),
    `py314-none-${plat}`,
    `py3-none-${plat}`,
    ...minors.slice(1).map((m) => `py3${m}-none-${plat}`),
    'py314-none-any',
    'cp314-none-any',
    'py3-none-any',
    ...minors.slice(1).map((m) => `py3${m}-none-any`),
  ]
}

const RANK = new Map(supportedTags().map((tag, i) => [tag, i]))

/** Lower is better; null when no tag of the wheel runs in Pyodide. */
export function wheelRank(wheel: WheelName): number | null {
  let best: number | null = null
  for (const tag of wheel.tags) {
    const rank = RANK.get(tag)
    if (rank !== undefined && (best === null || rank < best)) best = rank
  }
  return best
}

export function isBrowserWheel(filename: string): boolean {
  const wheel = parseWheelFilename(filename)
  return wheel !== null && wheelRank(wheel) !== null
}
