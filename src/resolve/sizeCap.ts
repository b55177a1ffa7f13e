// Environment files are a few KB. One of megabytes is a mistake or an attack, and parsing it
// (YAML, TOML, thousands of requirement lines) would stall the launch: refuse it up front.
import { BadRequirementError } from './errors'

export const MAX_CONFIG_CHARS = 512 * 1024

export function assertConfigSize(text: string, file: string): void {
  if (text.length <= MAX_CONFIG_CHARS) return
  throw new BadRequirementError(
    { file, line: 1, text: text.slice(0, 40) },
    `the file is ${Math.round(text.length / 1024)} KB, more than Quire reads (${MAX_CONFIG_CHARS / 1024} KB)`,
    'Environment files list packages; data does not belong in them.',
  )
}
