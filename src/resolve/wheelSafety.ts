// Zip-slip: a wheel is a zip made by anyone, and an entry named `../../x` or `/x` would be written
// outside site-packages when unpacked. Every entry name is checked before a wheel is stored or
// handed to the kernel; a wheel with one such name is refused whole, so nothing of it lands.
// https://security.snyk.io/research/zip-slip-vulnerability
import { unzipSync } from 'fflate'
import { AppError } from '../shared/errors'
import { unsafePathReason } from '../shared/safePath'

export class UnsafeWheelError extends AppError {
  constructor(
    readonly filename: string,
    readonly entry: string,
    readonly reason: string,
  ) {
    super('UNSAFE_WHEEL', `${filename}: entry ${JSON.stringify(entry)} ${reason}; the wheel was not installed`, {
      filename,
      entry,
      reason,
    })
    this.name = 'UnsafeWheelError'
  }
}

/** Why an archive entry name could escape the folder it is unpacked into, or null when it cannot
 *  (the same rule as every other path from a stranger: src/shared/safePath.ts). */
export const unsafeEntryReason = unsafePathReason

// End-of-central-directory signature: where a zip reader (Python's zipfile too) finds the entries.
const EOCD = [0x50, 0x4b, 0x05, 0x06]
const hasEocd = (b: Uint8Array) =>
  b.some((x, i) => x === EOCD[0] && b[i + 1] === EOCD[1] && b[i + 2] === EOCD[2] && b[i + 3] === EOCD[3])

/** Throws UnsafeWheelError unless every entry stays inside the folder it is unpacked into. Bytes
 *  that are no zip at all pass: unpacking them fails on its own, with nothing written. */
export function assertSafeWheel(bytes: Uint8Array, filename: string): void {
  const names: string[] = []
  try {
    // The filter sees each central-directory entry; returning false skips decompression.
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name)
        return false
      },
    })
  } catch (e) {
    // A zip this reader cannot list but another might (Python's zipfile is lenient) is refused.
    if (hasEocd(bytes))
      throw new UnsafeWheelError(
        filename,
        '',
        `cannot be listed as a zip archive (${e instanceof Error ? e.message : String(e)})`,
      )
    return
  }
  for (const name of names) {
    const reason = unsafeEntryReason(name)
    if (reason) throw new UnsafeWheelError(filename, name, reason)
  }
}
