// Typed errors with stable codes (STYLE.md). `message` is for developers; the UI maps each code to
// a title and an action (src/ui/errorText.ts). Codes never change once shipped.

export type ErrorCode =
  | 'BAD_LAUNCH_URL'
  | 'UNSUPPORTED_PROVIDER'
  | 'REPO_UNREACHABLE'
  | 'REPO_NOT_FOUND'
  | 'REF_NOT_FOUND'
  | 'COMMIT_NOT_FOUND'
  | 'REPO_TOO_LARGE'
  | 'RECORD_RESTRICTED'
  | 'GITHUB_RATE_LIMITED'
  | 'NO_NOTEBOOK'
  | 'NOTEBOOK_NOT_FOUND'
  | 'BAD_NOTEBOOK'
  | 'BAD_REQUIREMENT'
  | 'PACKAGE_NOT_FOUND'
  | 'NO_BROWSER_WHEEL'
  | 'UNSATISFIABLE_PIN'
  | 'INDEX_UNREACHABLE'
  | 'CORRUPT_DOWNLOAD'
  | 'HASH_MISMATCH'
  | 'UNSAFE_WHEEL'
  | 'UNSAFE_PATH'
  | 'BAD_FILE_NAME'
  | 'NAME_TAKEN'
  | 'CONFLICTING_BINDER_DIRS'
  | 'KERNEL_START_FAILED'
  | 'KERNEL_DEAD'
  | 'STORAGE_FAILED'
  | 'STORAGE_FULL'
  | 'STORAGE_BLOCKED'
  | 'EDIT_CONFLICT'
  | 'HOST_UNREACHABLE'
  | 'HUB_UNREACHABLE'
  | 'HUB_BUILD_FAILED'
  | 'INTERNAL'

export type ErrorData = Record<string, unknown>

/** Base of every error Quire raises on purpose. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly data: ErrorData

  constructor(code: ErrorCode, message: string, data: ErrorData = {}) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.data = data
  }
}

/** The form an error takes across postMessage (structured clone drops Error subclass fields). */
export interface SerializedError {
  code: ErrorCode
  message: string
  data: ErrorData
}

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'BAD_LAUNCH_URL',
  'UNSUPPORTED_PROVIDER',
  'REPO_UNREACHABLE',
  'REPO_NOT_FOUND',
  'REF_NOT_FOUND',
  'COMMIT_NOT_FOUND',
  'REPO_TOO_LARGE',
  'RECORD_RESTRICTED',
  'GITHUB_RATE_LIMITED',
  'NO_NOTEBOOK',
  'NOTEBOOK_NOT_FOUND',
  'BAD_NOTEBOOK',
  'BAD_REQUIREMENT',
  'PACKAGE_NOT_FOUND',
  'NO_BROWSER_WHEEL',
  'UNSATISFIABLE_PIN',
  'INDEX_UNREACHABLE',
  'CORRUPT_DOWNLOAD',
  'HASH_MISMATCH',
  'UNSAFE_WHEEL',
  'UNSAFE_PATH',
  'BAD_FILE_NAME',
  'NAME_TAKEN',
  'CONFLICTING_BINDER_DIRS',
  'KERNEL_START_FAILED',
  'KERNEL_DEAD',
  'STORAGE_FAILED',
  'STORAGE_FULL',
  'STORAGE_BLOCKED',
  'EDIT_CONFLICT',
  'HOST_UNREACHABLE',
  'HUB_UNREACHABLE',
  'HUB_BUILD_FAILED',
  'INTERNAL',
])

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && CODES.has(x)
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof AppError) return { code: err.code, message: err.message, data: err.data }
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'INTERNAL', message, data: {} }
}

export function deserializeError(s: SerializedError): AppError {
  return new AppError(isErrorCode(s.code) ? s.code : 'INTERNAL', s.message, s.data ?? {})
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`)
}
