// Errors the resolver raises on purpose, each with a stable code (src/shared/errors.ts).
import { AppError } from '../shared/errors'

/** Thrown by a Fetcher when the server answered with a non-2xx status, so 404 can be told apart. */
export class HttpError extends Error {
  /** `retryAfterMs`: the server's Retry-After, for src/shared/retry.ts. */
  constructor(
    readonly url: string,
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status} for ${url}`)
    this.name = 'HttpError'
  }
}

/** Where a requirement line came from, for messages a user can act on. */
export interface SourceLine {
  file: string
  line: number
  text: string
}

export class BadRequirementError extends AppError {
  constructor(
    readonly where: SourceLine,
    readonly reason: string,
    readonly hint: string,
  ) {
    super('BAD_REQUIREMENT', `${where.file}:${where.line}: ${reason}: "${where.text}". ${hint}`, {
      file: where.file,
      line: where.line,
      text: where.text,
      reason,
      hint,
    })
    this.name = 'BadRequirementError'
  }
}

export class PackageNotFoundError extends AppError {
  constructor(
    readonly pkg: string,
    readonly indexUrl: string,
    readonly requestedBy: string[],
  ) {
    super(
      'PACKAGE_NOT_FOUND',
      `${pkg}: not on the package index ${indexUrl} (requested by ${requestedBy.join(', ')})`,
      { pkg, indexUrl, requestedBy },
    )
    this.name = 'PackageNotFoundError'
  }
}

export class NoBrowserWheelError extends AppError {
  constructor(
    readonly pkg: string,
    readonly found: string[],
    readonly requestedBy: string[],
  ) {
    super('NO_BROWSER_WHEEL', `${pkg}: no pure-Python or wasm32 wheel (found ${found.join(', ') || 'no files'})`, {
      pkg,
      found,
      requestedBy,
    })
    this.name = 'NoBrowserWheelError'
  }
}

/** One party asking for a package: who asked, and for which versions. */
export interface Wish {
  requestedBy: string
  specifier: string
}

export class UnsatisfiablePinError extends AppError {
  constructor(
    readonly pkg: string,
    readonly wishes: Wish[],
    readonly detail: string,
  ) {
    const who = wishes.map((w) => `${w.requestedBy} wants ${pkg}${w.specifier || ' (any)'}`)
    super('UNSATISFIABLE_PIN', `${pkg}: ${detail}: ${who.join('; ')}`, { pkg, wishes, detail })
    this.name = 'UnsatisfiablePinError'
  }
}

export class IndexUnreachableError extends AppError {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super('INDEX_UNREACHABLE', `package index unreachable at ${url}: ${reason}`, { url, reason })
    this.name = 'IndexUnreachableError'
  }
}

export class CorruptDownloadError extends AppError {
  constructor(
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super('CORRUPT_DOWNLOAD', `${url}: sha256 ${actual} does not match the expected ${expected}`, {
      url,
      expected,
      actual,
    })
    this.name = 'CorruptDownloadError'
  }
}

/** A `--hash` pin (pip's hash-checking mode) that the chosen file does not match. */
export class HashMismatchError extends AppError {
  constructor(
    readonly pkg: string,
    readonly requestedBy: string,
    readonly filename: string,
    readonly actual: string,
    readonly allowed: string[],
  ) {
    super(
      'HASH_MISMATCH',
      `${pkg} (${requestedBy}): ${filename} has sha256 ${actual}, not one of the --hash values ${allowed.join(', ')}`,
      { pkg, requestedBy, filename, actual, allowed },
    )
    this.name = 'HashMismatchError'
  }
}
